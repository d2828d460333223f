package billing

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// Files plans the reading of the export files under root (see
// PlanDelivery). A root that is a file is read whatever its name.
func Files(root string) (*Plan, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	if !st.IsDir() {
		return &Plan{Read: []Object{{Path: root, Size: st.Size(), Modified: st.ModTime()}}}, nil
	}
	var objects []Object
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		objects = append(objects, Object{Path: p, Size: info.Size(), Modified: info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	plan, err := PlanDelivery(objects, func(o Object) ([]byte, error) {
		b, err := os.ReadFile(o.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Path, unwrapPath(err))
		}
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	if plan.Found == 0 {
		return nil, fmt.Errorf("%s: expected export files (.csv, .csv.gz, .parquet) in the folder, got none", root)
	}
	return plan, nil
}
