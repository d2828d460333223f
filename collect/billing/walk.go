package billing

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// IsExportName says whether a file name is an export's data file, as AWS
// Data Exports names them (<export-name>-00001.csv.gz,
// <export-name>-00001.snappy.parquet; AWS's "Understanding export
// delivery" page), or a plain CSV: the manifests (*-Manifest.json) and
// anything else beside them are not.
func IsExportName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".csv") || strings.HasSuffix(n, ".csv.gz") || strings.HasSuffix(n, ".parquet")
}

// Files are the export files under root, sorted, and the other files
// skipped. A root that is a file is read whatever its name.
func Files(root string) (files, skipped []string, err error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	if !st.IsDir() {
		return []string{root}, nil, nil
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if IsExportName(d.Name()) {
			files = append(files, p)
		} else {
			skipped = append(skipped, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, skipped, fmt.Errorf("%s: expected export files (.csv, .csv.gz, .parquet) in the folder, got none", root)
	}
	return files, skipped, CheckDeliveries(files)
}

// CheckDeliveries refuses two deliveries of one billing period: an export
// set to create new files on each refresh keeps every refresh of a month
// (AWS's "Understanding export delivery", "Export overwriting and create
// new"), in folders of their own under data/BILLING_PERIOD=YYYY-MM/, and
// reading them all would count the month once a refresh.
func CheckDeliveries(paths []string) error {
	seen := map[string]string{} // partition → the first delivery folder
	for _, p := range paths {
		p = filepath.ToSlash(p)
		i := strings.Index(p, "/BILLING_PERIOD=")
		if i < 0 {
			continue
		}
		rest := p[i+1:]
		part, tail, _ := strings.Cut(rest, "/")
		folder := ""
		if j := strings.LastIndex(tail, "/"); j >= 0 {
			folder = tail[:j]
		}
		key := p[:i] + "/" + part
		if first, ok := seen[key]; !ok {
			seen[key] = folder
		} else if first != folder {
			return fmt.Errorf("%s: expected one delivery of %s, got two (%q and %q): give the folder of one", p[:i], part, first, folder)
		}
	}
	return nil
}
