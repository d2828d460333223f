package collect

import (
	"errors"
	"fmt"
	"github.com/trailwise/trailwise/pricing"
	"regexp"
	"strings"
	"time"
)

// Key is an S3 key (or a path under a synced folder) of a CloudTrail log
// file:
//
//	[prefix/]AWSLogs/<org-id>/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>   organization trail
//	[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>            account trail
//
// and the same with CloudTrail-Insight in place of CloudTrail for the
// Insights events a trail delivers.
type Key struct {
	Prefix  string // the key prefix before AWSLogs/, without its trailing slash
	OrgID   string // empty in the pre-organization layout
	Account string
	Region  string
	Day     string // YYYY-MM-DD, from the folders
	File    string
	// Insight is true for CloudTrail-Insight files. They count as log
	// files: they are objects the trail delivers to the bucket, stored
	// and billed like the others, and their events are the Insights
	// events the dataset counts.
	Insight bool
}

// Errors ParseKey wraps, for callers that count what they skip.
var (
	ErrDigest    = errors.New("a digest file (CloudTrail-Digest), not a log file")
	ErrNotLogKey = errors.New("not a CloudTrail log file key")
)

var (
	keyAccount = regexp.MustCompile(`^[0-9]{12}$`)
	keyOrg     = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	// the same pattern model.Dataset validates regions with
	keyRegion = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)
)

// ParseKey parses a CloudTrail log file key. Digest files, folder markers,
// other files and keys off the layout are errors that say why (wrapping
// ErrDigest or ErrNotLogKey).
func ParseKey(key string) (Key, error) {
	segs := strings.Split(key, "/")
	var firstErr error
	for i, s := range segs {
		if s != "AWSLogs" {
			continue
		}
		k, err := parseFrom(segs[i+1:])
		if err == nil {
			k.Prefix = strings.Join(segs[:i], "/")
			return k, nil
		}
		if firstErr == nil || errors.Is(err, ErrDigest) {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("%w: no AWSLogs/ folder", ErrNotLogKey)
	}
	return Key{}, fmt.Errorf("%s: %w", key, firstErr)
}

// parseFrom parses the segments after AWSLogs.
func parseFrom(s []string) (Key, error) {
	var k Key
	if len(s) > 0 && strings.HasPrefix(s[0], "o-") {
		if !keyOrg.MatchString(s[0]) {
			return k, fmt.Errorf("%w: %q is not an organization id", ErrNotLogKey, s[0])
		}
		k.OrgID, s = s[0], s[1:]
	}
	if len(s) < 2 {
		return k, fmt.Errorf("%w: expected AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>", ErrNotLogKey)
	}
	if !keyAccount.MatchString(s[0]) {
		return k, fmt.Errorf("%w: %q is not a 12-digit account id", ErrNotLogKey, s[0])
	}
	k.Account = s[0]
	switch s[1] {
	case "CloudTrail":
	case "CloudTrail-Insight":
		k.Insight = true
	case "CloudTrail-Digest":
		return k, ErrDigest
	default:
		return k, fmt.Errorf("%w: %q where CloudTrail was expected", ErrNotLogKey, s[1])
	}
	s = s[2:]
	if len(s) != 5 {
		return k, fmt.Errorf("%w: expected <region>/YYYY/MM/DD/<file> after %s", ErrNotLogKey, map[bool]string{false: "CloudTrail", true: "CloudTrail-Insight"}[k.Insight])
	}
	if !keyRegion.MatchString(s[0]) || !pricing.KnownRegion(s[0]) {
		return k, fmt.Errorf("%w: %q is not an AWS region", ErrNotLogKey, s[0])
	}
	k.Region = s[0]
	day := s[1] + "-" + s[2] + "-" + s[3]
	if len(s[1]) != 4 || len(s[2]) != 2 || len(s[3]) != 2 {
		return k, fmt.Errorf("%w: %s/%s/%s is not a YYYY/MM/DD day", ErrNotLogKey, s[1], s[2], s[3])
	}
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return k, fmt.Errorf("%w: %s/%s/%s is not a YYYY/MM/DD day", ErrNotLogKey, s[1], s[2], s[3])
	}
	k.Day = day
	k.File = s[4]
	if !strings.HasSuffix(k.File, ".json.gz") && !strings.HasSuffix(k.File, ".json") {
		return k, fmt.Errorf("%w: %q is not a .json.gz or .json file", ErrNotLogKey, k.File)
	}
	if strings.HasPrefix(k.File, ".") {
		return k, fmt.Errorf("%w: %q is a hidden file", ErrNotLogKey, k.File)
	}
	return k, nil
}

// logFileName is CloudTrail's name for a log file,
// <account>_CloudTrail[-Insight]_<region>_<YYYYMMDD>T<HHMM>Z_<id>.json[.gz];
// a digest file is <account>_CloudTrail-Digest_<region>_<trail>_....
var logFileName = regexp.MustCompile(`^([0-9]{12})_(CloudTrail|CloudTrail-Insight)_([a-z0-9-]+)_([0-9]{8})T[0-9]{4}Z_[^/]+\.json(\.gz)?$`)

// ParseFileName reads the account, region and day from a log file's own
// name, for files kept outside the AWSLogs/ layout (a flat folder of logs).
// The key has no organization id and no prefix; File is the name.
func ParseFileName(name string) (Key, error) {
	if keyAccount.MatchString(strings.SplitN(name, "_", 2)[0]) && strings.Contains(name, "_CloudTrail-Digest_") {
		return Key{}, fmt.Errorf("%s: %w", name, ErrDigest)
	}
	m := logFileName.FindStringSubmatch(name)
	switch {
	case m == nil:
		return Key{}, fmt.Errorf("%s: %w: expected <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json[.gz]", name, ErrNotLogKey)
	case !keyRegion.MatchString(m[3]) || !pricing.KnownRegion(m[3]):
		return Key{}, fmt.Errorf("%s: %w: %q is not an AWS region", name, ErrNotLogKey, m[3])
	}
	day, err := time.Parse("20060102", m[4])
	if err != nil {
		return Key{}, fmt.Errorf("%s: %w: %s is not a YYYYMMDD day", name, ErrNotLogKey, m[4])
	}
	return Key{Account: m[1], Region: m[3], Day: day.Format("2006-01-02"), File: name, Insight: m[2] == "CloudTrail-Insight"}, nil
}
