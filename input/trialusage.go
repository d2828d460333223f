package input

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// TrialUsageHeader is the header a trial usage CSV must start with: what
// Cost Explorer gives per day, linked account and usage type.
var TrialUsageHeader = []string{"date", "linked_account", "usage_type", "usage_quantity", "unblended_cost"}

var (
	accountPattern   = regexp.MustCompile(`^[0-9]{12}$`)
	usageTypePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9:._/-]*$`)
)

// The most one row (an account's day of one usage type) may hold, as the
// dataset bounds a row (model.MaxRowBytes, model.MaxRowEvents). Cost
// Explorer's quantities are GB for the -Bytes usage types: 1e6 GB is a
// petabyte in a day; for the others, events or requests: 1e12 is 11.6
// million a second. A day's bill of 1e12 USD is beyond any account too. A
// row beyond them is a broken file, and would push the projection's sums to
// infinity.
const maxTrialCost = 1e12

func maxTrialQuantity(usageType string) float64 {
	if strings.HasSuffix(usageType, "-Bytes") {
		return float64(model.MaxRowBytes) / 1e9
	}
	return float64(model.MaxRowEvents)
}

// ReadTrialUsage reads a trial's measured usage from a CSV file.
func ReadTrialUsage(path string) ([]model.TrialUsage, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseTrialUsage(path, data)
}

// ParseTrialUsage checks a trial usage CSV strictly: the header exactly
// TrialUsageHeader, then one row per day, linked account and usage type,
//
//	date,linked_account,usage_type,usage_quantity,unblended_cost
//	2026-10-01,123456789012,USE1-FreeCloudTrailEvents-Bytes,0.8123,0
//
// with the day as YYYY-MM-DD, the account as 12 digits, the quantity a
// number of zero or more in the unit Cost Explorer reports (GB for the
// -Bytes usage types) and the cost in USD. Every error is one line naming
// the file, the row (the header is row 1) and the column.
func ParseTrialUsage(name string, data []byte) ([]model.TrialUsage, error) {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	fail := func(row int, column, msg string) ([]model.TrialUsage, error) {
		where := fmt.Sprintf("row %d", row)
		if column != "" {
			where += ", column " + column
		}
		return nil, &Error{File: name, Path: where, Msg: msg}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: name, Msg: "empty file"}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out []model.TrialUsage
	seen := map[[3]string]int{}
	for row := 1; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return fail(pe.Line, "", "invalid CSV: "+pe.Err.Error())
			}
			return fail(row, "", "invalid CSV: "+err.Error())
		}
		if row == 1 {
			for i, want := range TrialUsageHeader {
				if i >= len(rec) || strings.TrimSpace(rec[i]) != want {
					got := "nothing"
					if i < len(rec) {
						got = fmt.Sprintf("%q", rec[i])
					}
					return fail(1, fmt.Sprint(i+1), fmt.Sprintf("expected the header %s; column %d should be %q, got %s", strings.Join(TrialUsageHeader, ","), i+1, want, got))
				}
			}
			if len(rec) > len(TrialUsageHeader) {
				return fail(1, fmt.Sprint(len(TrialUsageHeader)+1), fmt.Sprintf("unexpected column %q: the header is %s", rec[len(TrialUsageHeader)], strings.Join(TrialUsageHeader, ",")))
			}
			continue
		}
		if len(rec) != len(TrialUsageHeader) {
			return fail(row, "", fmt.Sprintf("expected %d columns, got %d", len(TrialUsageHeader), len(rec)))
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		u := model.TrialUsage{Row: row, Day: rec[0], Account: rec[1], UsageType: rec[2]}
		if _, ok := model.ParseDay(u.Day); !ok {
			return fail(row, "date", fmt.Sprintf("expected a day as YYYY-MM-DD, got %q", rec[0]))
		}
		if !accountPattern.MatchString(u.Account) {
			return fail(row, "linked_account", fmt.Sprintf("expected a 12-digit account id, got %q", rec[1]))
		}
		if !usageTypePattern.MatchString(u.UsageType) {
			return fail(row, "usage_type", fmt.Sprintf("expected a usage type like USE1-PaidCloudTrailEvents-Bytes, got %q", rec[2]))
		}
		q, err := strconv.ParseFloat(rec[3], 64)
		if err != nil || q < 0 || math.IsInf(q, 0) || math.IsNaN(q) {
			return fail(row, "usage_quantity", fmt.Sprintf("expected a number of zero or more, got %q", rec[3]))
		}
		if most := maxTrialQuantity(u.UsageType); q > most {
			return fail(row, "usage_quantity", fmt.Sprintf("expected at most %.0e in one account's day, got %q", most, rec[3]))
		}
		c, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || math.IsInf(c, 0) || math.IsNaN(c) {
			return fail(row, "unblended_cost", fmt.Sprintf("expected a number of USD, got %q", rec[4]))
		}
		if math.Abs(c) > maxTrialCost {
			return fail(row, "unblended_cost", fmt.Sprintf("expected at most %.0e USD in one account's day, got %q", maxTrialCost, rec[4]))
		}
		u.Quantity, u.Cost = q, c
		key := [3]string{u.Day, u.Account, u.UsageType}
		if prev, dup := seen[key]; dup {
			return fail(row, "usage_type", fmt.Sprintf("%s for %s on %s repeats row %d", u.UsageType, u.Account, u.Day, prev))
		}
		seen[key] = row
		out = append(out, u)
	}
	if len(out) == 0 {
		return fail(1, "", "no rows after the header")
	}
	return out, nil
}

// WriteTrialUsage writes rows as ParseTrialUsage reads them.
func WriteTrialUsage(w io.Writer, rows []model.TrialUsage) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(TrialUsageHeader); err != nil {
		return err
	}
	for _, u := range rows {
		if err := cw.Write([]string{u.Day, u.Account, u.UsageType,
			strconv.FormatFloat(u.Quantity, 'f', 6, 64), strconv.FormatFloat(u.Cost, 'f', 6, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
