package model

import (
	"fmt"
	"math"
)

// S3 lifecycle as S3 applies it: which objects a lifecycle rule moves
// depends on their size, and a storage class with a minimum storage
// duration bills the rest of it when an object leaves early.
//
// Since September 2024 a lifecycle configuration's
// TransitionDefaultMinimumObjectSize defaults to all_storage_classes_128K:
// objects under 128 KB move to no storage class. With
// varies_by_storage_class they may move to Glacier Flexible Retrieval and
// Deep Archive, never to Standard-IA or Glacier Instant Retrieval. A rule
// with an ObjectSizeGreaterThan or ObjectSizeLessThan filter moves the
// objects in its size range whatever their size: S3's custom size filters
// take precedence over the default minimum.

// Transition default minimum object sizes, as S3 names them.
const (
	MinSizeAllClasses128K = "all_storage_classes_128K"
	MinSizeVariesByClass  = "varies_by_storage_class"
)

// logFileSizeSigma is the shape of the lognormal distribution of CloudTrail
// log file sizes (gzip bytes) within one account, region and day: the
// standard deviation of ln(size). Method: the pooled within-group standard
// deviation of ln(gz bytes) over 134 real log files in five groups (three
// regions of an organization trail bucket's S3 listing, 71 files; the
// flaws2.cloud trail's 8 files as delivered; 55 files of the Invictus IR
// AWS dataset, re-gzipped), 129 degrees of freedom: 0.905. Each row's mean
// file size sets the scale. A variable so that tests can give every file
// of a row the row's mean size (0).
var logFileSizeSigma = 0.91

// digestFileBytes is the size taken for a CloudTrail digest file in a size
// filter: real digest files are 366 to 2,005 gzip bytes. Their bytes are
// not counted in storage (they are a fraction of a log file's).
const digestFileBytes = 1024

// sizePath is the way a lifecycle rule takes an object, by its size.
type sizePath int

const (
	pathStay    sizePath = iota // never moves: outside the filter, or under the default minimum
	pathArchive                 // under 128 KB with varies_by_storage_class: the archive classes only
	pathSmall                   // moves through every class, billed at IA's 128 KB minimum there
	pathLarge                   // 128 KB or more: moves through every class
	nPaths
)

// sizeMix is, per path, the share of a month's log files and of their bytes.
type sizeMix struct {
	files, bytes [nPaths]float64
}

// sizeRule is the scenario's lifecycle rule as far as object size goes.
type sizeRule struct {
	min    float64 // S3's default minimum transition size, bytes
	varies bool    // varies_by_storage_class
	custom bool    // a size filter is set: it replaces the default minimum
	gt, lt float64 // the filter: size > gt and, lt > 0, size < lt
}

func (e *engine) sizeRule() sizeRule {
	l := e.s.Lifecycle
	return sizeRule{
		min:    e.fact("s3_transition_min_object_bytes"),
		varies: l.TransitionDefaultMinimumObjectSize == MinSizeVariesByClass,
		custom: l.ObjectSizeGreaterThan > 0 || l.ObjectSizeLessThan > 0,
		gt:     float64(l.ObjectSizeGreaterThan),
		lt:     float64(l.ObjectSizeLessThan),
	}
}

// bands are the size ranges [from, to) of each path's objects (to 0: no
// bound), up to two ranges per path.
func (r sizeRule) bands() [nPaths][2][2]float64 {
	var b [nPaths][2][2]float64
	if !r.custom {
		if r.varies {
			b[pathArchive][0] = [2]float64{0, r.min}
		} else {
			b[pathStay][0] = [2]float64{0, r.min}
		}
		b[pathLarge][0] = [2]float64{r.min, 0}
		return b
	}
	lo, hi := r.gt, r.lt // objects in (gt, lt) move
	b[pathStay][0] = [2]float64{0, lo}
	if hi > 0 {
		b[pathStay][1] = [2]float64{hi, 0}
	}
	if lo < r.min {
		b[pathSmall][0] = [2]float64{lo, r.min}
		if hi > 0 && hi < r.min {
			b[pathSmall][0][1] = hi
		}
	}
	if hi == 0 || hi > r.min {
		b[pathLarge][0] = [2]float64{math.Max(lo, r.min), hi}
	}
	return b
}

// pathOf is the path of an object of one known size.
func (r sizeRule) pathOf(size float64) sizePath {
	b := r.bands()
	for p := range nPaths {
		for _, rg := range b[p] {
			if size >= rg[0] && (size < rg[1] || (rg[1] == 0 && rg != [2]float64{})) {
				return p
			}
		}
	}
	return pathStay
}

// split is the share of a row's files and of its bytes on each path, for
// files of mean size mean spread lognormally with shape sigma.
func (r sizeRule) split(mean, sigma float64) (files, bytes [nPaths]float64) {
	if mean <= 0 || sigma <= 0 {
		p := r.pathOf(mean)
		files[p], bytes[p] = 1, 1
		return files, bytes
	}
	mu := math.Log(mean) - sigma*sigma/2 // ln of the median
	for p, ranges := range r.bands() {
		for _, rg := range ranges {
			if rg == [2]float64{} {
				continue
			}
			files[p] += lognormalShare(rg[0], rg[1], mu, sigma)
			// the bytes in a range: the same integral with the mean shifted by sigma²
			bytes[p] += lognormalShare(rg[0], rg[1], mu+sigma*sigma, sigma)
		}
	}
	return files, bytes
}

// lognormalShare is P(from ≤ X < to) for ln X ~ N(mu, sigma²); to 0 is no bound.
func lognormalShare(from, to, mu, sigma float64) float64 {
	cdf := func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		return 0.5 * math.Erfc(-(math.Log(x)-mu)/(sigma*math.Sqrt2))
	}
	upper := 1.0
	if to > 0 {
		upper = cdf(to)
	}
	return math.Max(upper-cdf(from), 0)
}

// sizeMixOf is the share of the log files and bytes on each path. Each
// usage row's files take the lognormal spread around the row's mean size,
// and the rows weigh in by their files (and bytes): the measured period's
// mix, applied to every projected month and Monte Carlo draw.
func (e *engine) sizeMixOf(r sizeRule) sizeMix {
	var files, bytes [nPaths]float64
	record := recordsData(e.s)
	for u := range e.d.Rows() {
		v := rowVolume(u, record)
		if v.LogFiles <= 0 {
			continue
		}
		f, b := r.split(v.StoredBytes/v.LogFiles, logFileSizeSigma)
		for p := range nPaths {
			files[p] += f[p] * v.LogFiles
			bytes[p] += b[p] * v.StoredBytes
		}
	}
	return sizeMix{files: shares(files), bytes: shares(bytes)}
}

// shares scales x to sum to 1; nothing at all stays in Standard.
func shares(x [nPaths]float64) [nPaths]float64 {
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	if sum <= 0 {
		return [nPaths]float64{pathStay: 1}
	}
	for p := range x {
		x[p] /= sum
	}
	return x
}

// minStorageFacts names, per storage class, the price book's minimum
// storage duration.
var minStorageFacts = map[string]string{
	"s3.standard_ia":      "s3_min_storage_days_standard_ia",
	"s3.glacier_ir":       "s3_min_storage_days_glacier_ir",
	"s3.glacier_flexible": "s3_min_storage_days_glacier_flexible",
	"s3.deep_archive":     "s3_min_storage_days_deep_archive",
}

// MinStorageDays is each lifecycle class's minimum storage duration, for
// the scenario's warnings (the engine bills the price book's; a test holds
// the two equal).
var MinStorageDays = map[string]int{
	"standard_ia":      30,
	"glacier_ir":       90,
	"glacier_flexible": 90,
	"deep_archive":     180,
}

// isArchive says whether a tier is one of the archive classes, which keep
// per-object metadata and take objects under 128 KB with
// varies_by_storage_class.
func isArchive(tier string) bool {
	return tier == "s3.glacier_flexible" || tier == "s3.deep_archive"
}

// pathTiers lists the tiers an object on path p goes through.
func pathTiers(all []tierSpan, p sizePath) []tierSpan {
	switch p {
	case pathStay:
		return all[:1]
	case pathArchive:
		out := all[:1:1]
		for _, t := range all[1:] {
			if isArchive(t.Name) {
				out = append(out, t)
			}
		}
		return out
	}
	return all
}

// Warnings are what a scenario pays that a person may not expect, and
// that is not an error: lifecycle settings that pay early-deletion charges
// (an object leaves a class before its minimum storage duration), and a
// lifecycle that moves almost no CloudTrail log file.
func (s *Scenario) Warnings() []string {
	l := s.Lifecycle
	steps := []struct {
		key, name string
		days      int
	}{
		{"standard_ia", "Standard-IA", l.StandardIADays},
		{"glacier_ir", "Glacier Instant Retrieval", l.GlacierIRDays},
		{"glacier_flexible", "Glacier Flexible Retrieval", l.GlacierFlexibleDays},
		{"deep_archive", "Glacier Deep Archive", l.DeepArchiveDays},
	}
	var out []string
	used := false
	for i, st := range steps {
		if st.days == 0 {
			continue
		}
		used = true
		next, nextKey := 0, ""
		for _, later := range steps[i+1:] {
			if later.days > 0 {
				next, nextKey = later.days, "lifecycle."+later.key+"_days"
				break
			}
		}
		for _, ret := range []struct {
			key  string
			days int
		}{{"central_retention_days", s.CentralRetentionDays}, {"account_bucket_retention_days", s.AccountBucketRetentionDays}} {
			end, by := ret.days, ret.key
			if next > 0 && next < end {
				end, by = next, nextKey
			}
			if st.days >= ret.days || end-st.days >= MinStorageDays[st.key] {
				continue
			}
			w := fmt.Sprintf("lifecycle.%s_days: objects leave %s after %d days (%s %d), before its %d-day minimum: %d days' early-deletion charge per object moved",
				st.key, st.name, end-st.days, by, end, MinStorageDays[st.key], MinStorageDays[st.key]-(end-st.days))
			if !contains(out, w) { // both buckets move on to the same next class
				out = append(out, w)
			}
		}
	}
	if used && l.ObjectSizeGreaterThan == 0 && l.ObjectSizeLessThan == 0 {
		switch l.TransitionDefaultMinimumObjectSize {
		case MinSizeVariesByClass:
			if l.StandardIADays > 0 || l.GlacierIRDays > 0 {
				out = append(out, "lifecycle: log files under 128 KB (almost every CloudTrail log file) do not move to Standard-IA or Glacier Instant Retrieval")
			}
		default:
			out = append(out, "lifecycle: with all_storage_classes_128K, log files under 128 KB (almost every CloudTrail log file) stay in S3 Standard")
		}
	}
	return out
}
