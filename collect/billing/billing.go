// Package billing reads the CloudTrail, CloudTrail Lake, Security Lake and
// CloudWatch usage out of an AWS Data Exports delivery, CUR 2.0 or FOCUS 1.x
// CSV (gzip or not), summed per linked account, region, day and usage type:
// the rows Cost Explorer's GetCostAndUsage gives, for free and over the
// whole history the export holds. A file is streamed a record at a time and
// only the sums are kept, so memory grows with the accounts, regions and
// days, never with the file.
package billing

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Row is one account's usage of one usage type in a region on a day.
type Row struct {
	Account   string
	Region    string
	Day       string // YYYY-MM-DD
	UsageType string // without its region prefix, e.g. FreeEventsRecorded
	Unit      string
	Quantity  float64
	Cost      float64
}

// Key is what a Row is summed by.
type Key struct{ Account, Region, Day, UsageType string }

// The services read, as CUR 2.0 writes line_item_product_code.
var curProducts = map[string]bool{"AWSCloudTrail": true, "AmazonCloudWatch": true, "AmazonSecurityLake": true}

// The services read, as AWS's FOCUS export writes ServiceName.
var focusServices = map[string]bool{"AWS CloudTrail": true, "AmazonCloudWatch": true, "Amazon CloudWatch": true, "Amazon Security Lake": true}

// layout is where one export format keeps the fields read.
type layout struct {
	format                                        string
	account, day, product, usageType, region, qty int
	cost, unit, description                       int
}

// detect finds the format from the header: CUR 2.0's snake_case names or
// FOCUS's PascalCase ones.
func detect(header []string) (layout, error) {
	at := map[string]int{}
	for i, h := range header {
		at[strings.TrimPrefix(h, "\ufeff")] = i
	}
	col := func(name string) int {
		if i, ok := at[name]; ok {
			return i
		}
		return -1
	}
	if col("line_item_usage_type") >= 0 {
		l := layout{format: "CUR 2.0", account: col("line_item_usage_account_id"), day: col("line_item_usage_start_date"),
			product: col("line_item_product_code"), usageType: col("line_item_usage_type"), region: col("product_region_code"),
			qty: col("line_item_usage_amount"), cost: col("line_item_unblended_cost"), unit: col("pricing_unit"), description: col("line_item_line_item_description")}
		return l, l.need("line_item_usage_account_id", l.account, "line_item_usage_start_date", l.day, "line_item_product_code", l.product, "line_item_usage_amount", l.qty)
	}
	if col("ChargePeriodStart") >= 0 {
		l := layout{format: "FOCUS", account: col("SubAccountId"), day: col("ChargePeriodStart"), product: col("ServiceName"),
			usageType: col("x_UsageType"), region: col("RegionId"), qty: col("ConsumedQuantity"), cost: col("BilledCost"),
			unit: col("ConsumedUnit"), description: col("ChargeDescription")}
		return l, l.need("SubAccountId", l.account, "ServiceName", l.product, "ConsumedQuantity", l.qty)
	}
	return layout{}, errors.New("expected a CUR 2.0 export (line_item_usage_type) or a FOCUS export (ChargePeriodStart), got neither column")
}

func (l layout) need(pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i+1].(int) < 0 {
			return fmt.Errorf("expected a %s column in the %s export, got none", pairs[i], l.format)
		}
	}
	return nil
}

// ReadFile sums the file's rows of the services read into sums.
func ReadFile(path string, sums map[Key]*Row) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("file: %s: %w", path, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var in io.Reader = r
	if magic, _ := r.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("file: %s: expected gzip, got %v", path, err)
		}
		defer gz.Close()
		in = gz
	}
	if err := read(in, sums); err != nil {
		return fmt.Errorf("file: %s: %w", path, err)
	}
	return nil
}

func read(in io.Reader, sums map[Key]*Row) error {
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("expected a CSV header, got %v", err)
	}
	l, err := detect(append([]string(nil), header...))
	if err != nil {
		return err
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if err := l.take(rec, sums); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) || rec[i] == "NULL" {
		return ""
	}
	return rec[i]
}

// take adds one record, when it is usage of a service read.
func (l layout) take(rec []string, sums map[Key]*Row) error {
	product := field(rec, l.product)
	if (l.format == "FOCUS" && !focusServices[product]) || (l.format != "FOCUS" && !curProducts[product]) {
		return nil
	}
	usage := usageName(field(rec, l.usageType), field(rec, l.description))
	if usage == "" {
		return nil
	}
	day := field(rec, l.day)
	if len(day) < 10 {
		return fmt.Errorf("expected a date like 2024-09-01, got %q", day)
	}
	qty, err := number(field(rec, l.qty))
	if err != nil {
		return err
	}
	cost, err := number(field(rec, l.cost))
	if err != nil {
		return err
	}
	k := Key{Account: field(rec, l.account), Region: field(rec, l.region), Day: day[:10], UsageType: usage}
	row := sums[k]
	if row == nil {
		row = &Row{Account: k.Account, Region: k.Region, Day: k.Day, UsageType: usage, Unit: field(rec, l.unit)}
		sums[k] = row
	}
	row.Quantity += qty
	row.Cost += cost
	return nil
}

func number(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("expected a number, got %q", s)
	}
	return v, nil
}

// usageName is a usage type without its region prefix ("USE1-"). A FOCUS
// export without the x_UsageType column names the first-copy management
// events only in ChargeDescription ("… per free event recorded in …", or
// "… for FreeEventsRecorded in …"): those are read, other such rows are not.
func usageName(usageType, description string) string {
	if usageType != "" {
		if code, rest, ok := strings.Cut(usageType, "-"); ok && isRegionCode(code) {
			return rest
		}
		return usageType
	}
	d := strings.ToLower(description)
	if strings.Contains(d, "free event recorded") || strings.Contains(d, "freeeventsrecorded") {
		return "FreeEventsRecorded"
	}
	return ""
}

// isRegionCode tells a billing region code ("USE1", "EUC1", "APS3") from
// the first word of a usage type without one.
func isRegionCode(s string) bool {
	if len(s) < 3 || len(s) > 5 {
		return false
	}
	for _, c := range s {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}
