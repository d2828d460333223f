package billing

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// An Object is one file of a delivery, on disk or in S3.
type Object struct {
	// Path is a local path, or s3://BUCKET/KEY.
	Path     string
	Size     int64
	Modified time.Time
}

// A Plan is what reading a delivery takes: the data files to read, in
// order, the other files passed over, and what a reader should know about
// the choice.
type Plan struct {
	Read    []Object
	Skipped []string
	Notes   []string
	// Found counts the data files seen, read or not.
	Found int
}

// partitionMark opens the partition of every Data Exports path, CUR 2.0's
// and FOCUS's alike: <prefix>/<export-name>/data/BILLING_PERIOD=YYYY-MM/
// for the data, .../metadata/BILLING_PERIOD=YYYY-MM/ for the manifest
// (AWS's "Understanding export delivery").
const partitionMark = "/BILLING_PERIOD="

// manifest is the part of a Data Exports Manifest.json read here: the
// list of the delivery's data files, dataFiles (s3:// URLs). AWS's
// delivery page says the manifest lists the export's files and their
// paths, recommends reading that list to know which files to take, and
// writes the manifest only once every data file of the refresh is in S3.
// reportKeys, the legacy CUR manifest's name for the list, is read when
// dataFiles is absent.
type manifest struct {
	DataFiles  *[]string `json:"dataFiles"`
	ReportKeys *[]string `json:"reportKeys"`
}

func (m manifest) files() *[]string {
	if m.DataFiles != nil {
		return m.DataFiles
	}
	return m.ReportKeys
}

// A partition is one billing period of one export: its data files, the
// refresh folder each is in ("" for a file right in the partition), and
// the manifests that describe it.
type partition struct {
	root, period string // <prefix>/<export-name>, "BILLING_PERIOD=YYYY-MM"
	files        []Object
	folders      []string // parallel to files
	manifests    []Object
}

// PlanDelivery chooses what to read of a delivery's files. An export set
// to create new files on each refresh keeps every refresh of a month, each
// in a folder of its own under the billing period (AWS's "Export
// overwriting and create new"): reading them all would count the month
// once a refresh. So each billing period is read once, from its newest
// refresh: the files its newest manifest lists, or, with no manifest that
// lists files, the files of its newest refresh folder. An export that
// overwrites keeps one refresh, and all of it is read. read fetches a
// manifest's bytes.
func PlanDelivery(objects []Object, read func(Object) ([]byte, error)) (*Plan, error) {
	plan := &Plan{}
	byPath := map[string]Object{}
	parts := map[string]*partition{}
	for _, o := range objects {
		p := toSlash(o.Path)
		switch {
		case isManifest(p):
			plan.Skipped = append(plan.Skipped, o.Path)
			root, period, _, _ := splitPartition(p, "/metadata")
			partOf(parts, root, period).manifests = append(partOf(parts, root, period).manifests, o)
		case !IsExportName(path.Base(p)):
			plan.Skipped = append(plan.Skipped, o.Path)
		default:
			plan.Found++
			byPath[p] = o
			root, period, folder, ok := splitPartition(p, "/data")
			if !ok {
				plan.Read = append(plan.Read, o) // a file outside any delivery
				continue
			}
			pt := partOf(parts, root, period)
			pt.files, pt.folders = append(pt.files, o), append(pt.folders, folder)
		}
	}
	if err := plan.choose(parts, byPath, read); err != nil {
		return nil, err
	}
	sort.Slice(plan.Read, func(i, j int) bool { return plan.Read[i].Path < plan.Read[j].Path })
	return plan, nil
}

// choose adds each partition's files to the plan, and a note on how the
// refreshes were told apart.
func (plan *Plan) choose(parts map[string]*partition, byPath map[string]Object, read func(Object) ([]byte, error)) error {
	keys := make([]string, 0, len(parts))
	for k := range parts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var byManifest, byFolder, leftManifest, leftFolder int
	var hows []string
	var example string
	for _, k := range keys {
		pt := parts[k]
		files, err := pt.fromManifest(byPath, read)
		if err != nil {
			return err
		}
		var how string
		switch {
		case files != nil:
			byManifest++
			leftManifest += len(pt.files) - len(files)
		default:
			if files, how = pt.newestFolder(); how != "" {
				byFolder++
				leftFolder += len(pt.files) - len(files)
				if !slices.Contains(hows, how) {
					hows = append(hows, how)
				}
				if example == "" {
					example = pt.period + "/" + pt.folders[indexOf(pt.files, files[0])]
				}
			}
		}
		plan.Read = append(plan.Read, files...)
	}
	if byManifest > 0 {
		plan.Notes = append(plan.Notes, fmt.Sprintf("read the data files the newest manifest of each billing period lists (%d billing period(s)); %d other data file(s) left unread", byManifest, leftManifest))
	}
	if byFolder > 0 {
		plan.Notes = append(plan.Notes, fmt.Sprintf("%d billing period(s) hold several refreshes and no manifest listing files: read the newest refresh folder of each, told by its %s (e.g. %s); %d data file(s) of earlier refreshes left unread",
			byFolder, strings.Join(hows, " or "), example, leftFolder))
	}
	return nil
}

func partOf(parts map[string]*partition, root, period string) *partition {
	k := root + "\x00" + period
	if parts[k] == nil {
		parts[k] = &partition{root: root, period: period}
	}
	return parts[k]
}

// splitPartition cuts a path .../<root><kind>/BILLING_PERIOD=P/<folder>/<file>
// into root, "BILLING_PERIOD=P" and folder ("" when the file is right in
// the partition). kind is "/data" or "/metadata"; a path outside the
// layout is not ok.
func splitPartition(p, kind string) (root, period, folder string, ok bool) {
	i := strings.Index(p, partitionMark)
	if i < 0 {
		return "", "", "", false
	}
	root = strings.TrimSuffix(p[:i], kind)
	period, tail, _ := strings.Cut(p[i+1:], "/")
	if j := strings.LastIndex(tail, "/"); j >= 0 {
		folder = tail[:j]
	}
	return root, period, folder, true
}

// isManifest says whether a path is a Data Exports manifest:
// metadata/BILLING_PERIOD=P/.../<export-name>-Manifest.json.
func isManifest(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), "manifest.json") && strings.Contains(p, "/metadata"+partitionMark)
}

// fromManifest is the files the partition's newest manifest lists, or nil
// when no manifest lists files (none, or one without dataFiles, as a
// hand-made copy may have). A listed file that is not there is an error:
// the copy of the delivery is incomplete.
func (pt *partition) fromManifest(byPath map[string]Object, read func(Object) ([]byte, error)) ([]Object, error) {
	if len(pt.manifests) == 0 {
		return nil, nil
	}
	names := make([]string, len(pt.manifests))
	times := make([]time.Time, len(pt.manifests))
	for i, m := range pt.manifests {
		_, _, names[i], _ = splitPartition(toSlash(m.Path), "/metadata")
		times[i] = m.Modified
	}
	m := pt.manifests[newest(names, times)]
	body, err := read(m)
	if err != nil {
		return nil, err
	}
	var mf manifest
	if err := json.Unmarshal(body, &mf); err != nil {
		return nil, fmt.Errorf("%s: expected a Data Exports manifest (JSON), got %v", m.Path, err)
	}
	list := mf.files()
	if list == nil {
		return nil, nil
	}
	files := []Object{}
	for _, u := range *list {
		// matched from data/BILLING_PERIOD= on: the URL names the bucket
		// AWS delivered to, not the copy (or prefix) read here
		i := strings.Index("/"+u, "/data"+partitionMark)
		if i < 0 {
			return nil, fmt.Errorf("%s: expected data files under data/BILLING_PERIOD=, got %q", m.Path, u)
		}
		local := pt.root + ("/" + u)[i:]
		o, ok := byPath[local]
		if !ok {
			return nil, fmt.Errorf("%s: expected the data file it lists, %s, got no such file", m.Path, local)
		}
		files = append(files, o)
	}
	return files, nil
}

// newestFolder is the files of the partition's newest refresh folder, and
// how it was told ("" when the partition holds one refresh, all read).
func (pt *partition) newestFolder() ([]Object, string) {
	latest := map[string]time.Time{} // a folder's newest file
	for i, f := range pt.folders {
		if t, ok := latest[f]; !ok || pt.files[i].Modified.After(t) {
			latest[f] = pt.files[i].Modified
		}
	}
	if len(latest) <= 1 {
		return pt.files, ""
	}
	names := make([]string, 0, len(latest))
	for f := range latest {
		names = append(names, f)
	}
	sort.Strings(names)
	times := make([]time.Time, len(names))
	for i, f := range names {
		times[i] = latest[f]
	}
	pick := names[newest(names, times)]
	var out []Object
	for i, f := range pt.folders {
		if f == pick {
			out = append(out, pt.files[i])
		}
	}
	if stamped(names) {
		return out, "name (a date and time)"
	}
	return out, "files' modification time"
}

// newest is the index of the newest refresh: by name when every name
// starts with a date (a refresh folder named for its time sorts as it was
// made), else by modification time, a tie going to the greater name.
func newest(names []string, times []time.Time) int {
	best := 0
	byName := stamped(names)
	for i := range names {
		switch {
		case byName && names[i] > names[best]:
			best = i
		case !byName && (times[i].After(times[best]) || times[i].Equal(times[best]) && names[i] > names[best]):
			best = i
		}
	}
	return best
}

// stamped says whether every name starts with a date, 20261015 or
// 2026-10-15.
func stamped(names []string) bool {
	for _, n := range names {
		n = path.Base(n)
		if !datePrefix(n, "20060102") && !datePrefix(n, "2006-01-02") {
			return false
		}
	}
	return len(names) > 0
}

func datePrefix(name, layout string) bool {
	if len(name) < len(layout) {
		return false
	}
	_, err := time.Parse(layout, name[:len(layout)])
	return err == nil
}

func indexOf(files []Object, o Object) int {
	for i, f := range files {
		if f.Path == o.Path {
			return i
		}
	}
	return 0
}

func toSlash(p string) string { return filepath.ToSlash(p) }
