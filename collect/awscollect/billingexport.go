package awscollect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/trailwise/trailwise/collect/billing"
	"github.com/trailwise/trailwise/model"
)

// SourceBillingExport starts the source of rows read from a billing
// export; the format follows ("billing-export:cur2").
const SourceBillingExport = "billing-export"

// BillingExportOptions say what export to read and how to place it.
type BillingExportOptions struct {
	// Path is an export file, a folder of them, or s3://BUCKET/PREFIX of an
	// AWS Data Exports delivery.
	Path string
	// Start and End (YYYY-MM-DD) keep those days; empty, every day the
	// export holds.
	Start, End string
	// OrgID and ManagementAccount name the organization: an export names
	// neither. ManagementAccount "" takes the lowest account id.
	OrgID, ManagementAccount string
	// CloudWatch reads CloudWatch Logs' usage into the extras too.
	CloudWatch bool
	// Services, when set, keeps the usage of those services alone (Cost
	// Explorer's SERVICE names, as Options.CEServices): a trial reads its
	// strategy's, as Cost Explorer is asked for them.
	Services []string
	// ExtrasByDay keeps the extras per day (a trial's rows).
	ExtrasByDay bool
	// UsageOnly reads the usage alone, for a trial: the Result's extras,
	// and a dataset with no organization, no rows, not validated.
	UsageOnly bool
	// Config and S3Endpoint reach S3 for an s3:// path (never used for a
	// local one).
	Config     aws.Config
	S3Endpoint string
	// Note receives what a reader should know: the files read, those
	// skipped.
	Note func(string)
}

// FromBillingExport reads an export's CloudTrail, CloudTrail Lake, Security
// Lake (and CloudWatch) usage into a dataset, through the mapping Cost
// Explorer's rows go through: the same bill, the same rows.
func FromBillingExport(ctx context.Context, o BillingExportOptions) (*Result, error) {
	if o.Note == nil {
		o.Note = func(string) {}
	}
	t := billing.NewTotals(o.Start, o.End)
	var err error
	if strings.HasPrefix(o.Path, "s3://") {
		err = readS3Export(ctx, o, t)
	} else {
		err = readLocalExport(o, t)
	}
	if err != nil {
		return nil, err
	}
	if len(t.Padded) > 0 {
		o.Note(fmt.Sprintf("%d account ids shorter than 12 digits (a spreadsheet drops leading zeros) padded with zeros", len(t.Padded)))
	}
	return exportDataset(o, t)
}

func readLocalExport(o BillingExportOptions, t *billing.Totals) error {
	plan, err := billing.Files(o.Path)
	if err != nil {
		return err
	}
	for _, f := range plan.Read {
		if err := t.ReadFile(f.Path); err != nil {
			return err
		}
	}
	notePlan(o, plan, t)
	return nil
}

// notePlan says what was read and skipped, and how the refreshes of a
// billing period were chosen.
func notePlan(o BillingExportOptions, plan *billing.Plan, t *billing.Totals) {
	s := fmt.Sprintf("read %d export file(s) from %s (%s): %d line items, %d of them CloudTrail, Security Lake or CloudWatch usage",
		len(plan.Read), o.Path, strings.Join(formats(t), ", "), t.Lines, t.Taken)
	if len(plan.Skipped) > 0 {
		s += fmt.Sprintf("; skipped %d other file(s) (manifests and the like), e.g. %s", len(plan.Skipped), plan.Skipped[0])
	}
	o.Note(s)
	for _, n := range plan.Notes {
		o.Note(n)
	}
}

func formats(t *billing.Totals) []string {
	var out []string
	for f := range t.Formats {
		out = append(out, f)
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = []string{"no usage read"}
	}
	return out
}

// exportDataset places the sums and writes the dataset: one row per
// account, region and day with event counts, the rest as extras.
func exportDataset(o BillingExportOptions, t *billing.Totals) (*Result, error) {
	opts := Options{ExtrasByDay: o.ExtrasByDay}
	if o.CloudWatch {
		opts.CEServices = []string{CloudWatchService}
	}
	opts.tuningDefaults()
	var notes []string
	m := newUsageMap("The billing export", &opts, func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) })
	keys := make([]billing.Key, 0, len(t.Rows))
	for k := range t.Rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return lessKey(keys[i], keys[j]) })
	first, last := o.Start, o.End
	accounts := map[string]bool{}
	for _, k := range keys {
		r := t.Rows[k]
		if o.Services != nil && !slices.Contains(o.Services, r.Service) {
			continue
		}
		m.take(ceRow{Day: r.Day, Account: r.Account, UsageType: r.UsageType, Quantity: r.Quantity, Cost: r.Cost, Unit: r.Unit}, r.Region)
		accounts[r.Account] = true
		if o.Start == "" && (first == "" || r.Day < first) {
			first = r.Day
		}
		if o.End == "" && r.Day > last {
			last = r.Day
		}
	}
	if o.UsageOnly {
		return &Result{Dataset: &model.Dataset{}, Complete: true, Extras: m.sortedExtras(), Notes: notes}, nil
	}
	if len(accounts) == 0 {
		return nil, fmt.Errorf("%s: expected CloudTrail, Security Lake or CloudWatch usage in the export%s, got none", o.Path, window(o))
	}
	d, err := exportHead(o, accounts, first, last, &notes)
	if err != nil {
		return nil, err
	}
	source := SourceBillingExport + ":" + strings.Join(formats(t), "+")
	var rows []model.Usage
	for k, u := range m.cells {
		if !m.seen[k] {
			continue
		}
		u.Source, u.Measured = source, true
		u.EventBytes = int64(math.Round(float64(u.Events()) * opts.BytesPerEvent))
		rows = append(rows, *u)
	}
	model.SortRows(rows)
	if len(rows) > 0 {
		notes = append(notes, fmt.Sprintf("rows estimate event_bytes at %.0f bytes an event and split management events %.1f%% reads", opts.BytesPerEvent, 100*opts.ReadShare))
	}
	d.Usage = rows
	for _, n := range notes {
		o.Note(n)
	}
	res := &Result{Dataset: d, Complete: true, Extras: m.sortedExtras(), Requests: map[string]int{}}
	if err := d.Validate(); err != nil {
		return res, fmt.Errorf("%s: the dataset read is not valid: %w", o.Path, err)
	}
	return res, nil
}

func window(o BillingExportOptions) string {
	if o.Start == "" && o.End == "" {
		return ""
	}
	return fmt.Sprintf(" from %s to %s", o.Start, o.End)
}

// exportHead is the dataset without its rows: the organization, its
// accounts (those with usage, and the management account) and the period.
func exportHead(o BillingExportOptions, accounts map[string]bool, first, last string, notes *[]string) (*model.Dataset, error) {
	if o.OrgID == "" {
		return nil, fmt.Errorf("%s: an export names no organization id; give it with --org-id", o.Path)
	}
	ids := make([]string, 0, len(accounts)+1)
	for a := range accounts {
		ids = append(ids, a)
	}
	sort.Strings(ids)
	mgmt := o.ManagementAccount
	if mgmt == "" {
		mgmt = ids[0]
		*notes = append(*notes, fmt.Sprintf("management account not given: taking %s, the lowest account id found; give it with --management-account", mgmt))
	} else if !accounts[mgmt] {
		ids = append(ids, mgmt)
		sort.Strings(ids)
	}
	d := &model.Dataset{
		Schema:          model.DatasetSchema,
		Organization:    model.Organization{ID: o.OrgID, ManagementAccount: mgmt},
		Period:          model.Period{Start: first, End: last},
		Trails:          []model.Trail{},
		EventDataStores: []model.EventDataStore{},
		Gaps:            []model.Gap{},
	}
	for _, a := range ids {
		d.Accounts = append(d.Accounts, model.Account{ID: a, Name: a, OU: "unknown", Status: "ACTIVE"})
	}
	return d, nil
}

func lessKey(a, b billing.Key) bool {
	if a.Account != b.Account {
		return a.Account < b.Account
	}
	if a.Region != b.Region {
		return a.Region < b.Region
	}
	if a.Day != b.Day {
		return a.Day < b.Day
	}
	return a.UsageType < b.UsageType
}
