// Package billing reads the CloudTrail, CloudTrail Lake, Security Lake and
// CloudWatch usage out of an AWS Data Exports delivery, CUR 2.0 or FOCUS 1.x,
// CSV (gzip or not) or Parquet, summed per linked account, region, day and
// usage type: the rows Cost Explorer's GetCostAndUsage gives, for free and
// over the whole history the export holds. A CSV file is streamed a record
// at a time, a Parquet file a few thousand values of the columns read at a
// time, and only the sums are kept, so memory grows with the accounts,
// regions and days, never with the file.
//
// The columns read, as AWS's Data Exports table dictionary names them
// (docs.aws.amazon.com/cur/latest/userguide/dataexports-table-dictionary.html):
//
//   - CUR 2.0 (table-dictionary-cur2): line_item_usage_account_id,
//     line_item_usage_start_date, line_item_product_code,
//     line_item_usage_type, line_item_usage_amount, line_item_unblended_cost,
//     product_region_code, and where present line_item_line_item_type,
//     pricing_unit, line_item_line_item_description.
//   - FOCUS 1.0 with AWS columns (table-dictionary-focus-1-0-aws-columns):
//     SubAccountId, RegionId, ChargePeriodStart (timestamp_milliseconds in
//     Parquet), ServiceName, ConsumedQuantity, ConsumedUnit, BilledCost,
//     ChargeCategory, ChargeDescription, and AWS's own columns x_ServiceCode
//     and x_UsageType where present (the FOCUS sample of the FinOps
//     Foundation has none: its first-copy management events are told by
//     ChargeDescription).
package billing

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The formats, as the rows' source names them.
const (
	FormatCUR2  = "cur2"
	FormatFOCUS = "focus"
)

// Row is one account's usage of one usage type in a region on a day.
type Row struct {
	Account string
	// Region is the export's region column (product_region_code,
	// RegionId): the region of a usage type written without its code.
	Region    string
	Day       string // YYYY-MM-DD
	UsageType string // as the export writes it, e.g. USE1-FreeEventsRecorded
	// Service is the service billed, as Cost Explorer's SERVICE dimension
	// names it ("AWS CloudTrail").
	Service  string
	Unit     string
	Quantity float64
	Cost     float64
}

// Key is what a Row is summed by.
type Key struct{ Account, Region, Day, UsageType, Service string }

// Totals are the sums of the files read so far.
type Totals struct {
	Rows map[Key]*Row
	// Formats are the export formats read (FormatCUR2, FormatFOCUS).
	Formats map[string]bool
	// Start and End, when set (YYYY-MM-DD), keep the days between them.
	Start, End string
	// Lines counts the records read, Taken those summed.
	Lines, Taken int64
	// Padded are the account ids shorter than 12 digits, padded with the
	// zeros a spreadsheet drops.
	Padded map[string]bool
}

// NewTotals keeps the days from start to end ("" for no bound).
func NewTotals(start, end string) *Totals {
	return &Totals{Rows: map[Key]*Row{}, Formats: map[string]bool{}, Padded: map[string]bool{}, Start: start, End: end}
}

// The services read, by their code (CUR 2.0's line_item_product_code,
// AWS's FOCUS x_ServiceCode), named as Cost Explorer's SERVICE dimension
// names them.
var serviceCodes = map[string]string{"AWSCloudTrail": "AWS CloudTrail", "AmazonCloudWatch": "AmazonCloudWatch", "AmazonSecurityLake": "Amazon Security Lake"}

// The services read, as AWS's FOCUS export writes ServiceName.
var focusServices = map[string]string{"AWS CloudTrail": "AWS CloudTrail", "AmazonCloudWatch": "AmazonCloudWatch", "Amazon CloudWatch": "AmazonCloudWatch", "Amazon Security Lake": "Amazon Security Lake"}

// usageLineTypes are CUR 2.0's line_item_line_item_type values of usage:
// credits, refunds, taxes and fees are not usage.
var usageLineTypes = map[string]bool{"Usage": true, "DiscountedUsage": true, "SavingsPlanCoveredUsage": true}

// layout is where one export format keeps the fields read: column indexes,
// -1 for a column the export has not.
type layout struct {
	format                                        string
	account, day, product, usageType, region, qty int
	cost, unit, description, chargeType           int
	// serviceCode is FOCUS's x_ServiceCode, read before ServiceName.
	serviceCode int
}

// columns are the indexes a reader must fill.
func (l layout) columns() []int {
	var out []int
	for _, c := range []int{l.account, l.day, l.product, l.usageType, l.region, l.qty, l.cost, l.unit, l.description, l.chargeType, l.serviceCode} {
		if c >= 0 {
			out = append(out, c)
		}
	}
	return out
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
		l := layout{format: FormatCUR2, account: col("line_item_usage_account_id"), day: col("line_item_usage_start_date"),
			product: col("line_item_product_code"), usageType: col("line_item_usage_type"), region: col("product_region_code"),
			qty: col("line_item_usage_amount"), cost: col("line_item_unblended_cost"), unit: col("pricing_unit"),
			description: col("line_item_line_item_description"), chargeType: col("line_item_line_item_type"), serviceCode: -1}
		return l, l.need("line_item_usage_account_id", l.account, "line_item_usage_start_date", l.day, "line_item_product_code", l.product,
			"line_item_usage_amount", l.qty, "line_item_unblended_cost", l.cost)
	}
	if col("ChargePeriodStart") >= 0 {
		l := layout{format: FormatFOCUS, account: col("SubAccountId"), day: col("ChargePeriodStart"), product: col("ServiceName"),
			usageType: col("x_UsageType"), region: col("RegionId"), qty: col("ConsumedQuantity"), cost: col("BilledCost"),
			unit: col("ConsumedUnit"), description: col("ChargeDescription"), chargeType: col("ChargeCategory"), serviceCode: col("x_ServiceCode")}
		return l, l.need("SubAccountId", l.account, "ServiceName", l.product, "ConsumedQuantity", l.qty, "BilledCost", l.cost, "RegionId", l.region)
	}
	return layout{}, errors.New("expected a CUR 2.0 export (line_item_usage_type) or a FOCUS export (ChargePeriodStart), got neither column")
}

func (l layout) need(pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i+1].(int) < 0 {
			return fmt.Errorf("column %s: expected the column in a %s export, got none", pairs[i], l.name())
		}
	}
	return nil
}

func (l layout) name() string {
	if l.format == FormatFOCUS {
		return "FOCUS"
	}
	return "CUR 2.0"
}

// header names a column in errors.
type header []string

func (h header) name(i int) string {
	if i >= 0 && i < len(h) {
		return strings.TrimPrefix(h[i], "\ufeff")
	}
	return "?"
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) || rec[i] == "NULL" {
		return ""
	}
	return rec[i]
}

// service is the service of a record of usage of a service read, as Cost
// Explorer names it; "" for any other record.
func (l layout) service(rec []string) string {
	if kind := field(rec, l.chargeType); kind != "" {
		if l.format == FormatFOCUS && kind != "Usage" || l.format == FormatCUR2 && !usageLineTypes[kind] {
			return ""
		}
	}
	if l.format == FormatCUR2 {
		return serviceCodes[field(rec, l.product)]
	}
	if code := field(rec, l.serviceCode); code != "" {
		return serviceCodes[code]
	}
	return focusServices[field(rec, l.product)]
}

// take adds one record, when it is usage of a service read.
func (t *Totals) take(l layout, h header, rec []string) error {
	t.Lines++
	service := l.service(rec)
	if service == "" {
		return nil
	}
	usage := usageName(field(rec, l.usageType), field(rec, l.description))
	if usage == "" {
		return nil
	}
	day := field(rec, l.day)
	if len(day) < 10 || day[4] != '-' || day[7] != '-' {
		return fmt.Errorf("column %s: expected a time like 2024-09-01T00:00:00Z, got %q", h.name(l.day), day)
	}
	day = day[:10]
	if t.Start != "" && day < t.Start || t.End != "" && day > t.End {
		return nil
	}
	qty, err := number(h.name(l.qty), field(rec, l.qty))
	if err != nil {
		return err
	}
	cost, err := number(h.name(l.cost), field(rec, l.cost))
	if err != nil {
		return err
	}
	account, err := t.accountID(h.name(l.account), field(rec, l.account))
	if err != nil {
		return err
	}
	t.Formats[l.format] = true
	t.Taken++
	k := Key{Account: account, Region: field(rec, l.region), Day: day, UsageType: usage, Service: service}
	row := t.Rows[k]
	if row == nil {
		row = &Row{Account: k.Account, Region: k.Region, Day: k.Day, UsageType: usage, Service: service, Unit: field(rec, l.unit)}
		t.Rows[k] = row
	}
	row.Quantity += qty
	row.Cost += cost
	return nil
}

// accountID is a 12-digit account id. A spreadsheet that took the ids for
// numbers drops their leading zeros (the FinOps Foundation's FOCUS sample
// has 11-digit ids): those are padded back, and counted.
func (t *Totals) accountID(column, s string) (string, error) {
	if len(s) == 0 || len(s) > 12 || strings.Trim(s, "0123456789") != "" {
		return "", fmt.Errorf("column %s: expected a 12-digit account id, got %q", column, s)
	}
	if len(s) < 12 {
		t.Padded[s] = true
		s = strings.Repeat("0", 12-len(s)) + s
	}
	return s, nil
}

func number(column, s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("column %s: expected a number, got %q", column, s)
	}
	return v, nil
}

// usageName is the usage type as written. A FOCUS export without the
// x_UsageType column names the first-copy management events only in
// ChargeDescription ("… per free event recorded in …", or "… for
// FreeEventsRecorded in …"): those are read, with no region code (the
// RegionId column gives the region), other such rows are not.
func usageName(usageType, description string) string {
	if usageType != "" {
		return usageType
	}
	d := strings.ToLower(description)
	if strings.Contains(d, "free event recorded") || strings.Contains(d, "freeeventsrecorded") {
		return "FreeEventsRecorded"
	}
	return ""
}
