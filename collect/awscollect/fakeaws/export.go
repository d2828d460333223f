package fakeaws

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Export formats and encodings WriteExport writes.
const (
	CUR2  = "cur2"
	FOCUS = "focus"

	CSV     = "csv"
	CSVGzip = "csv.gz"
	Parquet = "parquet"
)

// ExportLine is one line item of a generated billing export.
type ExportLine struct {
	Start     time.Time
	Account   string
	Service   string // Cost Explorer's SERVICE value
	UsageType string // with its region code
	Region    string // the region column
	Quantity  float64
	Cost      float64
	// Kind is the line type: "Usage", or "Credit" (CUR 2.0's
	// line_item_line_item_type, FOCUS's ChargeCategory).
	Kind string
}

// ExportLines are the line items an export holds for Cost Explorer's daily
// rows: each row split in three hours of the day (event counts in whole
// events), a credit line on each CloudTrail row (no usage, a negative
// cost, which Cost Explorer's usage does not count), and an EC2 line a day,
// which is not read.
func ExportLines(costs []CostRow) []ExportLine {
	var out []ExportLine
	for _, c := range costs {
		day, _ := time.Parse("2006-01-02", c.Day)
		region := regionOfCode(c.UsageType)
		parts := splitQuantity(c.Quantity)
		for i, q := range parts {
			out = append(out, ExportLine{Start: day.Add(time.Duration(5*i+1) * time.Hour), Account: c.Account, Service: c.Service,
				UsageType: c.UsageType, Region: region, Quantity: q, Cost: c.Cost / 3, Kind: "Usage"})
		}
		if c.Service == "AWS CloudTrail" {
			out = append(out, ExportLine{Start: day, Account: c.Account, Service: c.Service, UsageType: c.UsageType, Region: region,
				Quantity: 7, Cost: -0.5, Kind: "Credit"})
		}
		out = append(out, ExportLine{Start: day.Add(2 * time.Hour), Account: c.Account, Service: "Amazon Elastic Compute Cloud - Compute",
			UsageType: "USE1-BoxUsage:t3.micro", Region: "us-east-1", Quantity: 24, Cost: 0.25, Kind: "Usage"})
	}
	return out
}

// splitQuantity splits a quantity in three: whole numbers stay whole.
func splitQuantity(q float64) []float64 {
	if q == math.Trunc(q) {
		a := math.Floor(q / 3)
		return []float64{a, a, q - 2*a}
	}
	return []float64{q / 4, q / 4, q / 2}
}

func regionOfCode(usageType string) string {
	code, _, _ := strings.Cut(usageType, "-")
	for _, r := range []string{"us-east-1", "eu-west-1", "ap-northeast-1", "us-west-2", "sa-east-1"} {
		if UsageCode(r) == code {
			return r
		}
	}
	return ""
}

// serviceCode is the service's code (CUR 2.0's line_item_product_code,
// FOCUS's x_ServiceCode); focusName is FOCUS's ServiceName.
func serviceCode(service string) (code, focusName string) {
	switch service {
	case "AWS CloudTrail":
		return "AWSCloudTrail", service
	case "Amazon Security Lake":
		return "AmazonSecurityLake", service
	case "AmazonCloudWatch":
		return "AmazonCloudWatch", "Amazon CloudWatch"
	}
	return "AmazonEC2", "Amazon Elastic Compute Cloud"
}

// The columns written: the ones read and a few that are not.
var (
	curHeader   = []string{"bill_payer_account_id", "line_item_line_item_type", "line_item_usage_start_date", "line_item_usage_account_id", "line_item_product_code", "line_item_usage_type", "line_item_usage_amount", "pricing_unit", "line_item_unblended_cost", "product_region_code", "line_item_line_item_description"}
	focusHeader = []string{"BillingAccountId", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd", "SubAccountId", "ServiceName", "x_ServiceCode", "x_UsageType", "ConsumedQuantity", "ConsumedUnit", "BilledCost", "RegionId", "ChargeDescription"}
)

// unit is the line's unit as AWS writes it.
func (l ExportLine) unit() string {
	switch {
	case strings.HasSuffix(l.UsageType, "-Bytes"):
		return "GB"
	case strings.HasSuffix(l.UsageType, "-ByteHrs"):
		return "GB-Mo"
	case strings.HasSuffix(l.UsageType, "Recorded"):
		return "Events"
	}
	return "Units"
}

func (l ExportLine) record(format string) []string {
	code, name := serviceCode(l.Service)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	if format == FOCUS {
		return []string{"123456789012", l.Kind, l.Start.Format("2006-01-02 15:04:05"), l.Start.Add(time.Hour).Format("2006-01-02 15:04:05"),
			l.Account, name, code, l.UsageType, num(l.Quantity), l.unit(), num(l.Cost), l.Region, "generated"}
	}
	return []string{"123456789012", l.Kind, l.Start.Format(time.RFC3339), l.Account, code, l.UsageType, num(l.Quantity), l.unit(), num(l.Cost), l.Region, "generated"}
}

// WriteExport writes the lines as a CUR 2.0 or FOCUS export, CSV, CSV.gz
// or Parquet (rowsPerGroup rows a row group).
func WriteExport(w io.Writer, lines []ExportLine, format, encoding string, rowsPerGroup int64) error {
	if encoding == Parquet {
		return writeParquet(w, lines, format, rowsPerGroup)
	}
	var gz *gzip.Writer
	if encoding == CSVGzip {
		gz = gzip.NewWriter(w)
		w = gz
	}
	cw := csv.NewWriter(w)
	head := curHeader
	if format == FOCUS {
		head = focusHeader
	}
	cw.Write(head)
	for _, l := range lines {
		cw.Write(l.record(format))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if gz != nil {
		return gz.Close()
	}
	return nil
}

// curParquet and focusParquet are the Parquet exports' rows, with the
// types AWS's table dictionary gives (timestamp_milliseconds, double,
// string; the region column may be null).
type curParquet struct {
	Payer       string    `parquet:"bill_payer_account_id"`
	Kind        string    `parquet:"line_item_line_item_type"`
	Start       time.Time `parquet:"line_item_usage_start_date,timestamp(millisecond)"`
	Account     string    `parquet:"line_item_usage_account_id"`
	Product     string    `parquet:"line_item_product_code"`
	UsageType   string    `parquet:"line_item_usage_type"`
	Amount      float64   `parquet:"line_item_usage_amount"`
	Unit        string    `parquet:"pricing_unit"`
	Cost        float64   `parquet:"line_item_unblended_cost"`
	Region      *string   `parquet:"product_region_code,optional"`
	Description string    `parquet:"line_item_line_item_description"`
}

type focusParquet struct {
	BillingAccount string    `parquet:"BillingAccountId"`
	Category       string    `parquet:"ChargeCategory"`
	Start          time.Time `parquet:"ChargePeriodStart,timestamp(millisecond)"`
	End            time.Time `parquet:"ChargePeriodEnd,timestamp(millisecond)"`
	SubAccount     string    `parquet:"SubAccountId"`
	Service        string    `parquet:"ServiceName"`
	ServiceCode    *string   `parquet:"x_ServiceCode,optional"`
	UsageType      *string   `parquet:"x_UsageType,optional"`
	Quantity       *float64  `parquet:"ConsumedQuantity,optional"`
	Unit           *string   `parquet:"ConsumedUnit,optional"`
	Billed         float64   `parquet:"BilledCost"`
	Region         *string   `parquet:"RegionId,optional"`
	Description    *string   `parquet:"ChargeDescription,optional"`
}

func writeParquet(w io.Writer, lines []ExportLine, format string, rowsPerGroup int64) error {
	if rowsPerGroup <= 0 {
		rowsPerGroup = 1000
	}
	ptr := func(s string) *string { return &s }
	if format == FOCUS {
		pw := parquet.NewGenericWriter[focusParquet](w, parquet.MaxRowsPerRowGroup(rowsPerGroup))
		for _, l := range lines {
			code, name := serviceCode(l.Service)
			q := l.Quantity
			row := focusParquet{BillingAccount: "123456789012", Category: l.Kind, Start: l.Start, End: l.Start.Add(time.Hour), SubAccount: l.Account,
				Service: name, ServiceCode: ptr(code), UsageType: ptr(l.UsageType), Quantity: &q, Unit: ptr(l.unit()), Billed: l.Cost,
				Region: ptr(l.Region), Description: ptr("generated")}
			if _, err := pw.Write([]focusParquet{row}); err != nil {
				return err
			}
		}
		return pw.Close()
	}
	pw := parquet.NewGenericWriter[curParquet](w, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	for _, l := range lines {
		code, _ := serviceCode(l.Service)
		row := curParquet{Payer: "123456789012", Kind: l.Kind, Start: l.Start, Account: l.Account, Product: code, UsageType: l.UsageType,
			Amount: l.Quantity, Unit: l.unit(), Cost: l.Cost, Region: ptr(l.Region), Description: "generated"}
		if _, err := pw.Write([]curParquet{row}); err != nil {
			return err
		}
	}
	return pw.Close()
}

// ExportName is a data file's name as AWS Data Exports writes it.
func ExportName(export string, part int, encoding string) string {
	if encoding == Parquet {
		return fmt.Sprintf("%s-%05d.snappy.parquet", export, part)
	}
	return fmt.Sprintf("%s-%05d.%s", export, part, encoding)
}
