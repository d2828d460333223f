package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// Schemas of the trial commands' JSON output.
const (
	TrialPlanSchema       = "trailwise.trial-plan/v1"
	TrialProjectionSchema = "trailwise.trial-projection/v1"
)

var trialFormats = []string{"table", "json", "markdown"}

type trialOptions struct {
	Sample, Dataset, Scenario, Region string
	Strategy                          string
	Precision, Confidence             string
	Usage                             string
	Format                            string
	CE                                ceTrialOptions
}

func (o *trialOptions) addFlags(cmd *cobra.Command, plan bool) {
	f := cmd.Flags()
	f.StringVar(&o.Strategy, "strategy", "", "the strategy to trial (required): "+strings.Join(model.TrialStrategies, ", "))
	f.StringVar(&o.Sample, "sample", "small", "embedded sample organization to use when no --dataset is given (see 'trailwise samples')")
	f.StringVar(&o.Dataset, "dataset", "", "dataset file (trailwise.dataset/v1 JSON), as 'trailwise collect' writes it")
	f.StringVar(&o.Scenario, "scenario", "", "scenario file (YAML or JSON) with your assumptions")
	f.StringVar(&o.Region, "region", "", "pricing region (overrides the scenario's region)")
	if plan {
		f.StringVar(&o.Precision, "precision", "10%", "relative half-width wanted on the org-wide monthly estimate: 1% to 50%, as 10% or 0.1")
	}
	f.StringVar(&o.Confidence, "confidence", "90%", "confidence of the interval")
	f.StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(trialFormats, ", "))
	cmd.MarkFlagsMutuallyExclusive("sample", "dataset")
}

func newTrialCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trial",
		Short: "Size a trial of a managed strategy, then project its usage",
		Long: `Before adopting a managed strategy, try it on a few accounts, check the cost is
acceptable, then adopt. 'trial plan' picks the accounts, says how many days to
run and what the trial costs; 'trial project' turns what the trial was billed
into an org-wide month and year with an interval.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newTrialPlanCmd(), newTrialProjectCmd())
	return cmd
}

func newTrialPlanCmd() *cobra.Command {
	o := &trialOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Choose the trial accounts, the days to run and the trial's cost",
		Long: `Stratify the accounts with usage by OU and measured volume (bands of equal total
volume within each OU), pick the account nearest each stratum's median (the
fewest accounts that represent every stratum), and say why each was picked.

Days: the stratified ratio estimate's variance from the day-to-day variation
each trial account shows in the dataset gives the days after which the
org-wide monthly estimate is within --precision at --confidence; the plan runs
at least one week, in whole weeks. Free-trial windows come from the price book.

The cost is the engine's first-month lines of the strategy's own service
(queries aside) for each trial account's share, per day, times the days,
less the free-trial days; lines billed to a central account are counted at
the trial accounts' share of the bytes. The Cost Explorer usage types to watch
carry the pricing region's code.`,
		Example: `  trailwise trial plan --strategy security-lake --sample enterprise
  trailwise trial plan --strategy cloudwatch-logs --dataset org.json \
    --precision 5% --confidence 95%
  trailwise trial plan --strategy trails-lake --sample enterprise --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrialPlan(o, cmd.OutOrStdout())
		},
	}
	o.addFlags(cmd, true)
	return cmd
}

func newTrialProjectCmd() *cobra.Command {
	o := &trialOptions{}
	cmd := &cobra.Command{
		Use:   "project",
		Short: "Project a trial's measured usage to the organization",
		Long: `Read the trial's usage as Cost Explorer reports it, one row per day, linked
account and usage type, in a CSV file with exactly this header:

  date,linked_account,usage_type,usage_quantity,unblended_cost

(date YYYY-MM-DD; linked_account 12 digits; usage_type with its region code,
e.g. USE1-PaidCloudTrailEvents-Bytes; usage_quantity in Cost Explorer's unit,
GB for the -Bytes usage types; unblended_cost in USD). Rows of other usage
types are counted and left out. Every account in the file is a trial account;
its stratum is the one 'trial plan' gives it.

Each stratum is scaled by its measured volume in the dataset (the trial
accounts' billed quantity per unit of their measured volume, times the
stratum's), with an interval from how far the trial accounts' ratios spread
and the stratum sizes. Each component is compared with what the model
predicted for the trial accounts over the same days before the trial.

--from-cost-explorer reads the same usage from Cost Explorer instead, for the
trial's days (--start, --end), from the management account (--profile): the
usage types of the strategy's service alone ("Amazon Security Lake"; "AWS
CloudTrail" for CloudTrail Lake; "AmazonCloudWatch" for CloudWatch Logs), day
by day per account. CloudWatch's DataProcessing-Bytes is all of an account's
CloudWatch Logs ingestion, not only the trail's, and every account that has
some counts as a trial account: where other logs are ingested, export the
trial accounts' rows and give --usage. Every page is a paid request (0.01
USD): requests are counted and capped (--max-ce-requests, default 20), answers
are cached, and --dry-run says what a run would spend without spending it.`,
		Example: `  trailwise trial project --strategy security-lake --sample enterprise \
    --usage trial.csv
  trailwise trial project --strategy cloudwatch-logs --dataset org.json \
    --usage ce.csv --format json
  trailwise trial project --strategy security-lake --dataset org.json \
    --from-cost-explorer --start 2026-10-01 --end 2026-10-14 --dry-run
  trailwise trial project --strategy cloudwatch-logs --dataset org.json \
    --from-cost-explorer --start 2026-10-01 --end 2026-10-14`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrialProject(o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringVar(&o.Usage, "usage", "", "the trial's measured usage, a CSV file (see above)")
	f.BoolVar(&o.CE.FromCostExplorer, "from-cost-explorer", false, "read the trial's usage from Cost Explorer (paid: 0.01 USD a page) instead of --usage")
	f.StringVar(&o.CE.Start, "start", "", "the trial's first day, YYYY-MM-DD (with --from-cost-explorer; optional with --usage)")
	f.StringVar(&o.CE.End, "end", "", "the trial's last day, YYYY-MM-DD (with --from-cost-explorer; optional with --usage)")
	f.StringVar(&o.CE.Profile, "profile", "", "AWS profile of the management account (with --from-cost-explorer)")
	f.IntVar(&o.CE.MaxCERequests, "max-ce-requests", 20, "most paid Cost Explorer requests to send (with --from-cost-explorer)")
	f.BoolVar(&o.CE.DryRun, "dry-run", false, "say what --from-cost-explorer would spend, and stop")
	f.StringVar(&o.CE.EndpointURL, "endpoint-url", "", "Organizations and Cost Explorer endpoint to call instead of AWS's (with --from-cost-explorer)")
	return cmd
}

// The sane range of --precision: tighter than 1% asks months of trial for
// nothing the prices can tell apart; looser than 50% is no measurement.
const minPrecision, maxPrecision = 0.01, 0.5

// readPrecision reads --precision as "10%" or its fraction "0.1". A bare
// number of 1 or more ("1", "10") could mean either a percent or a
// fraction, so it is refused, as is a value outside 1% to 50%.
func readPrecision(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	switch {
	case err != nil:
		return 0, usageError{fmt.Errorf("--precision: expected a percentage like 10%% (or 0.1), got %q", s)}
	case !pct && v >= 1 && v <= maxPrecision*100:
		return 0, usageError{fmt.Errorf("--precision: %q is ambiguous: write %s%% for a percentage, or a fraction like 0.1 for 10%%", s, t)}
	case pct:
		v /= 100
	}
	if !(v >= minPrecision && v <= maxPrecision) {
		return 0, usageError{fmt.Errorf("--precision: expected 1%% to 50%% (0.01 to 0.5), got %s", s)}
	}
	return v, nil
}

// percent reads "95%", "0.95" or "95" (a bare number above 1 is percent).
func percent(flag, s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil {
		return 0, usageError{fmt.Errorf("--%s: expected a percentage like 10%%, got %q", flag, s)}
	}
	if pct || v >= 1 {
		v /= 100
	}
	return v, nil
}

// load reads the dataset, scenario and price book, and the options.
func (o *trialOptions) load(plan bool) (*model.Dataset, string, model.Scenario, *pricing.Book, model.TrialOptions, error) {
	var to model.TrialOptions
	fail := func(err error) (*model.Dataset, string, model.Scenario, *pricing.Book, model.TrialOptions, error) {
		return nil, "", model.Scenario{}, nil, to, err
	}
	if o.Strategy == "" {
		return fail(usageError{fmt.Errorf("--strategy is required: one of %s", strings.Join(model.TrialStrategies, ", "))})
	}
	if !plan && o.Usage == "" && !o.CE.FromCostExplorer {
		return fail(usageError{fmt.Errorf("--usage FILE or --from-cost-explorer is required: the trial's usage (see 'trailwise trial project --help')")})
	}
	if !plan && o.Usage != "" && o.CE.FromCostExplorer {
		return fail(usageError{fmt.Errorf("--usage and --from-cost-explorer: give one")})
	}
	if !plan && o.CE.DryRun && !o.CE.FromCostExplorer {
		return fail(usageError{fmt.Errorf("--dry-run goes with --from-cost-explorer")})
	}
	if !plan && o.CE.MaxCERequests < 1 {
		return fail(usageError{fmt.Errorf("--max-ce-requests: expected 1 or more, got %d", o.CE.MaxCERequests)})
	}
	if !contains(trialFormats, o.Format) {
		return fail(usageError{fmt.Errorf("--format: expected one of %s, got %q", strings.Join(trialFormats, ", "), o.Format)})
	}
	to.Strategy = o.Strategy
	if !plan {
		to.Start, to.End = o.CE.Start, o.CE.End
		for _, day := range []struct{ flag, v string }{{"start", o.CE.Start}, {"end", o.CE.End}} {
			if _, ok := model.ParseDay(day.v); day.v != "" && !ok {
				return fail(usageError{fmt.Errorf("--%s: expected a day as YYYY-MM-DD, got %q", day.flag, day.v)})
			}
		}
		if (to.Start == "") != (to.End == "") || to.Start > to.End {
			return fail(usageError{fmt.Errorf("--start and --end: give both, the start on or before the end")})
		}
	}
	var err error
	to.Precision = 0.1
	if plan {
		if to.Precision, err = readPrecision(o.Precision); err != nil {
			return fail(err)
		}
	}
	if to.Confidence, err = percent("confidence", o.Confidence); err != nil {
		return fail(err)
	}
	if err := to.Validate(); err != nil {
		return fail(usageError{fmt.Errorf("--%s", err)})
	}
	in := inputOptions{Sample: o.Sample, Dataset: o.Dataset, Scenario: o.Scenario, Region: o.Region}
	d, name, s, book, err := in.load()
	if err != nil {
		return fail(err)
	}
	return d, name, s, book, to, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func runTrialPlan(o *trialOptions, w io.Writer) error {
	d, name, s, book, to, err := o.load(true)
	if err != nil {
		return err
	}
	plan, err := model.PlanTrial(d, s, book, to)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return renderView(w, o.Format, func() any { return planDoc(plan, name) },
		func(b io.Writer) { renderPlanMarkdown(b, plan, name) },
		func(b io.Writer) { renderPlanTable(b, plan, name) })
}

func runTrialProject(o *trialOptions, w, errw io.Writer) error {
	d, name, s, book, to, err := o.load(false)
	if err != nil {
		return err
	}
	var rows []model.TrialUsage
	source := o.Usage
	if o.CE.FromCostExplorer {
		source = "cost-explorer:" + o.CE.Start + ".." + o.CE.End
		if rows, err = trialUsageFromCE(&o.CE, o.Strategy, errw); err != nil || o.CE.DryRun {
			return err
		}
	} else if rows, err = input.ReadTrialUsage(o.Usage); err != nil {
		return err
	}
	pr, err := model.ProjectTrial(d, s, book, to, rows)
	if err != nil {
		if _, ok := err.(*model.TrialRowError); ok {
			return fmt.Errorf("%s: %w", source, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return renderView(w, o.Format, func() any { return projectionDoc(pr, name, source) },
		func(b io.Writer) { renderProjectionMarkdown(b, pr, name) },
		func(b io.Writer) { renderProjectionTable(b, pr, name) })
}

// renderView writes a result as JSON, Markdown or a table, rendered whole
// before anything is written.
func renderView(w io.Writer, format string, doc func() any, markdown, table func(io.Writer)) error {
	var buf bytes.Buffer
	switch format {
	case "json":
		if err := writeJSON(&buf, doc()); err != nil {
			return err
		}
	case "markdown":
		markdown(&buf)
	default:
		table(&buf)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ---- the plan ----

type planJSON struct {
	Schema          string                 `json:"schema"`
	Strategy        string                 `json:"strategy"`
	Dataset         string                 `json:"dataset"`
	Period          model.Period           `json:"period"`
	Region          string                 `json:"region"`
	PriceBook       string                 `json:"price_book"`
	Precision       report.Quantity        `json:"precision"`
	Confidence      report.Quantity        `json:"confidence"`
	Days            int                    `json:"days"`
	DaysNeeded      int                    `json:"days_needed"`
	HalfWidth       report.Quantity        `json:"expected_half_width"`
	FreeTrialDays   int                    `json:"free_trial_days"`
	FreeTrialSource string                 `json:"free_trial_source,omitempty"`
	Cost            planCostJSON           `json:"cost"`
	StratifiedOn    string                 `json:"stratified_on"`
	Strata          []planStratumJSON      `json:"strata"`
	Accounts        []planAccountJSON      `json:"accounts"`
	UsageTypes      []model.TrialUsageType `json:"usage_types"`
	Backtest        *backtestJSON          `json:"backtest"`
	Notes           []string               `json:"notes"`
}

type backtestJSON struct {
	Start     string          `json:"start"`
	End       string          `json:"end"`
	Projected report.Quantity `json:"projected_gb_per_day"`
	Measured  report.Quantity `json:"measured_gb_per_day"`
	HalfWidth report.Quantity `json:"half_width"`
	Error     report.Quantity `json:"error"`
	Inside    bool            `json:"inside"`
}

type planCostJSON struct {
	Total             report.Money `json:"total"`
	Accounts          report.Money `json:"accounts"`
	Central           report.Money `json:"central"`
	CentralComponents []string     `json:"central_components"`
	AccountsListPrice report.Money `json:"accounts_list_price"`
}

type planStratumJSON struct {
	ID       string          `json:"id"`
	OU       string          `json:"ou"`
	Band     string          `json:"band"`
	Accounts int             `json:"accounts"`
	Low      report.Quantity `json:"gb_per_day_low"`
	High     report.Quantity `json:"gb_per_day_high"`
	Daily    report.Quantity `json:"gb_per_day"`
	Share    report.Quantity `json:"share"`
	Picked   []string        `json:"picked"`
}

type planAccountJSON struct {
	ID        string                  `json:"id"`
	Name      string                  `json:"name"`
	OU        string                  `json:"ou"`
	Stratum   string                  `json:"stratum"`
	Reason    string                  `json:"reason"`
	Daily     report.Quantity         `json:"gb_per_day"`
	DayCV     report.Quantity         `json:"day_to_day_cv"`
	DailyCost map[string]report.Money `json:"list_cost_per_day"`
	Cost      report.Money            `json:"cost"`
	Central   report.Money            `json:"central_cost"`
	ListCost  report.Money            `json:"list_cost"`
}

func planDoc(p *model.TrialPlan, name string) planJSON {
	doc := planJSON{
		Schema: TrialPlanSchema, Strategy: p.Strategy, Dataset: name, Period: p.Period, Region: p.Region, PriceBook: p.BookID,
		Precision: report.Quantity(p.Precision), Confidence: report.Quantity(p.Confidence),
		Days: p.Days, DaysNeeded: p.DaysNeeded, HalfWidth: report.Quantity(p.HalfWidth),
		FreeTrialDays: p.FreeTrialDays, FreeTrialSource: p.FreeTrialSource, StratifiedOn: p.Metric,
		UsageTypes: p.UsageTypes, Notes: p.Notes,
	}
	if bt := p.Backtest; bt != nil {
		doc.Backtest = &backtestJSON{bt.Start, bt.End, report.Quantity(bt.Projected), report.Quantity(bt.Measured),
			report.Quantity(bt.HalfWidth), report.Quantity(bt.Error), bt.Inside}
	}
	accounts, list := 0.0, 0.0
	for _, a := range p.Accounts {
		accounts += a.Cost
		list += a.ListCost
		daily := map[string]report.Money{}
		for c, v := range a.DailyCost {
			daily[c] = report.Money(v)
		}
		doc.Accounts = append(doc.Accounts, planAccountJSON{
			ID: a.ID, Name: a.Name, OU: a.OU, Stratum: a.Stratum, Reason: a.Reason,
			Daily: report.Quantity(a.Daily), DayCV: report.Quantity(a.DayCV), DailyCost: daily,
			Cost: report.Money(a.Cost), Central: report.Money(a.CentralCost), ListCost: report.Money(a.ListCost),
		})
	}
	doc.Cost = planCostJSON{Total: report.Money(p.Cost), Accounts: report.Money(accounts), Central: report.Money(p.Central),
		CentralComponents: append([]string{}, p.CentralComponent...), AccountsListPrice: report.Money(list)}
	for _, st := range p.Strata {
		doc.Strata = append(doc.Strata, planStratumJSON{
			ID: st.ID, OU: st.OU, Band: st.Band, Accounts: len(st.Accounts),
			Low: report.Quantity(st.Low), High: report.Quantity(st.High), Daily: report.Quantity(st.Daily),
			Share: report.Quantity(st.Share), Picked: st.Picked,
		})
	}
	return doc
}

// usd writes money for people: two places, thousands separated.
func usd(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// qty writes a quantity with three significant digits, or whole above 1,000.
func qty(v float64) string {
	switch {
	case v >= 1000:
		return strings.TrimSuffix(usd(v), ".00")[:len(usd(v))-3]
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func pct(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

// wrap breaks text into lines of at most width columns, each after prefix
// (the first line after first).
func wrap(w io.Writer, first, prefix, text string, width int) {
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > width {
			fmt.Fprintln(w, line)
			line, empty = prefix, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	fmt.Fprintln(w, line)
}

func freeTrialLine(p *model.TrialPlan) string {
	if p.FreeTrialDays == 0 {
		return "Free trial: none offered for " + p.Strategy + "."
	}
	return fmt.Sprintf("Free trial: %d days (ingestion and normalization waived; %s).", p.FreeTrialDays, p.FreeTrialSource)
}

func planSummary(p *model.TrialPlan) []string {
	accounts, list := 0.0, 0.0
	for _, a := range p.Accounts {
		accounts += a.Cost
		list += a.ListCost
	}
	return []string{
		fmt.Sprintf("Run %d days: the day-to-day variation asks for %d; a trial runs whole weeks, at least one.", p.Days, p.DaysNeeded),
		fmt.Sprintf("Expected ±%s on the org-wide monthly estimate after %d days, from day-to-day variation.", pct(p.HalfWidth), p.Days),
		freeTrialLine(p),
		fmt.Sprintf("Trial cost: %s USD (%s on the trial accounts' own bills, %s on central accounts' for their share); %s USD at list price, without a free trial.",
			usd(p.Cost), usd(accounts), usd(p.Central), usd(list)),
	}
}

func renderPlanTable(w io.Writer, p *model.TrialPlan, name string) {
	fmt.Fprintf(w, "Trial plan: %s on %s\n", p.Strategy, name)
	fmt.Fprintf(w, "Measured %s..%s; priced in %s (%s)\n", p.Period.Start, p.Period.End, p.Region, p.BookID)
	fmt.Fprintf(w, "Target: ±%s on the org-wide monthly estimate at %s confidence\n\n", pct(p.Precision), pct(p.Confidence))
	for _, s := range planSummary(p) {
		wrap(w, "", "  ", s, 80)
	}
	fmt.Fprintf(w, "\n%d strata (OU × volume band, by %s), one trial account each;\n", len(p.Strata), p.Metric)
	fmt.Fprintln(w, "USD is the trial's cost for the account, its share of central lines included:")
	fmt.Fprintf(w, "%-12s  %-17s  %-25s %7s %4s %8s\n", "ACCOUNT", "NAME", "STRATUM", "GB/DAY", "CV%", "USD")
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "%-12s  %-17s  %-25s %7s %4.0f %8s\n", a.ID, cut(a.Name, 17), cut(a.Stratum, 25), qty(a.Daily), a.DayCV*100, usd(a.Cost+a.CentralCost))
	}
	fmt.Fprintln(w, "\nWhy each account:")
	for _, a := range p.Accounts {
		wrap(w, "  "+a.ID+"  ", strings.Repeat(" ", 16), a.Reason, 80)
	}
	fmt.Fprintln(w, "\nStrata (GB a day):")
	fmt.Fprintf(w, "  %-26s %8s %9s %9s %9s %6s\n", "STRATUM", "ACCOUNTS", "TOTAL", "LOWEST", "HIGHEST", "SHARE")
	for _, st := range p.Strata {
		fmt.Fprintf(w, "  %-26s %8d %9s %9s %9s %6s\n", cut(st.ID, 26), len(st.Accounts), qty(st.Daily), qty(st.Low), qty(st.High), pct(st.Share))
	}
	fmt.Fprintln(w, "\nCost Explorer usage types to watch (daily, grouped by LINKED_ACCOUNT):")
	for _, u := range p.UsageTypes {
		mark := ""
		if !u.Confirmed {
			mark = " (unconfirmed)"
		}
		fmt.Fprintf(w, "  %-20s %s%s\n", u.Service, u.UsageType, mark)
		wrap(w, strings.Repeat(" ", 23), strings.Repeat(" ", 23), u.Component+": "+u.What, 80)
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, n := range p.Notes {
		wrap(w, "  - ", "    ", n, 80)
	}
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func renderPlanMarkdown(w io.Writer, p *model.TrialPlan, name string) {
	fmt.Fprintf(w, "# Trial plan: `%s`\n\n", p.Strategy)
	fmt.Fprintf(w, "Dataset %s, measured %s..%s; priced in %s (`%s`). Target: ±%s on the org-wide monthly estimate at %s confidence.\n\n",
		name, p.Period.Start, p.Period.End, p.Region, p.BookID, pct(p.Precision), pct(p.Confidence))
	for _, s := range planSummary(p) {
		fmt.Fprintf(w, "- %s\n", s)
	}
	fmt.Fprintf(w, "\n## Trial accounts\n\n| account | name | stratum | GB a day | day-to-day CV | own bill (USD) | central share (USD) | list price (USD) | why |\n|---|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", a.ID, a.Name, a.Stratum, qty(a.Daily), pct(a.DayCV), usd(a.Cost), usd(a.CentralCost), usd(a.ListCost), a.Reason)
	}
	fmt.Fprintf(w, "\n## Strata (by `%s`)\n\n| stratum | accounts | GB a day | range (GB a day) | share |\n|---|---:|---:|---|---:|\n", p.Metric)
	for _, st := range p.Strata {
		fmt.Fprintf(w, "| %s | %d | %s | %s to %s | %s |\n", st.ID, len(st.Accounts), qty(st.Daily), qty(st.Low), qty(st.High), pct(st.Share))
	}
	fmt.Fprintf(w, "\n## Cost Explorer usage types to watch\n\nDaily, grouped by `LINKED_ACCOUNT` and `USAGE_TYPE`.\n\n| service | usage type | measures |\n|---|---|---|\n")
	for _, u := range p.UsageTypes {
		mark := ""
		if !u.Confirmed {
			mark = " (unconfirmed)"
		}
		fmt.Fprintf(w, "| %s | `%s`%s | `%s`: %s |\n", u.Service, u.UsageType, mark, u.Component, u.What)
	}
	fmt.Fprintf(w, "\n## Notes\n\n")
	for _, n := range p.Notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}

// ---- the projection ----

type projectionJSON struct {
	Schema     string                `json:"schema"`
	Strategy   string                `json:"strategy"`
	Dataset    string                `json:"dataset"`
	Usage      string                `json:"usage"`
	Region     string                `json:"region"`
	PriceBook  string                `json:"price_book"`
	Confidence report.Quantity       `json:"confidence"`
	Trial      trialSpanJSON         `json:"trial"`
	Month      string                `json:"month"`
	MonthDays  int                   `json:"month_days"`
	YearDays   int                   `json:"year_days"`
	Total      rangeJSON             `json:"total"`
	Components []componentJSON       `json:"components"`
	Accounts   []measuredAccountJSON `json:"accounts"`
	Ignored    int                   `json:"rows_ignored"`
	Notes      []string              `json:"notes"`
}

type trialSpanJSON struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Days     int    `json:"days"`
	Accounts int    `json:"accounts"`
}

type rangeJSON struct {
	Month          report.Money `json:"month_cost"`
	MonthLow       report.Money `json:"month_cost_low"`
	MonthHigh      report.Money `json:"month_cost_high"`
	Year           report.Money `json:"year_cost"`
	YearLow        report.Money `json:"year_cost_low"`
	YearHigh       report.Money `json:"year_cost_high"`
	ModelMonthCost report.Money `json:"model_month_cost"`
	ModelYearCost  report.Money `json:"model_year_cost"`
}

type componentJSON struct {
	Component      string          `json:"component"`
	Rate           string          `json:"rate"`
	Unit           string          `json:"unit"`
	TrialMeasured  report.Quantity `json:"trial_measured"`
	TrialPredicted report.Quantity `json:"trial_predicted"`
	Error          report.Quantity `json:"error"`
	Daily          report.Quantity `json:"daily"`
	DailyLow       report.Quantity `json:"daily_low"`
	DailyHigh      report.Quantity `json:"daily_high"`
	Month          report.Quantity `json:"month"`
	MonthLow       report.Quantity `json:"month_low"`
	MonthHigh      report.Quantity `json:"month_high"`
	ModelMonth     report.Quantity `json:"model_month"`
	rangeJSON
}

type measuredAccountJSON struct {
	ID        string                     `json:"id"`
	Name      string                     `json:"name"`
	Stratum   string                     `json:"stratum"`
	Daily     report.Quantity            `json:"dataset_gb_per_day"`
	Measured  map[string]report.Quantity `json:"measured"`
	Predicted map[string]report.Quantity `json:"predicted"`
}

func projectionDoc(p *model.TrialProjection, name, usage string) projectionJSON {
	doc := projectionJSON{
		Schema: TrialProjectionSchema, Strategy: p.Strategy, Dataset: name, Usage: usage, Region: p.Region, PriceBook: p.BookID,
		Confidence: report.Quantity(p.Confidence), Trial: trialSpanJSON{p.Start, p.End, p.Days, len(p.Accounts)},
		Month: p.Month, MonthDays: p.MonthDays, YearDays: p.YearDays, Ignored: p.Ignored, Notes: p.Notes,
		Total: rangeJSON{report.Money(p.MonthCost), report.Money(p.MonthLow), report.Money(p.MonthHigh),
			report.Money(p.YearCost), report.Money(p.YearLow), report.Money(p.YearHigh), report.Money(p.ModelMonthCost), report.Money(p.ModelYearCost)},
	}
	for _, c := range p.Components {
		doc.Components = append(doc.Components, componentJSON{
			Component: c.Component, Rate: c.Rate, Unit: c.Unit,
			TrialMeasured: report.Quantity(c.TrialMeasured), TrialPredicted: report.Quantity(c.TrialPredicted), Error: report.Quantity(c.Error),
			Daily: report.Quantity(c.Daily), DailyLow: report.Quantity(c.DailyLow), DailyHigh: report.Quantity(c.DailyHigh),
			Month: report.Quantity(c.Month), MonthLow: report.Quantity(c.MonthLow), MonthHigh: report.Quantity(c.MonthHigh),
			ModelMonth: report.Quantity(c.ModelMonth),
			rangeJSON: rangeJSON{report.Money(c.MonthCost), report.Money(c.MonthCostLow), report.Money(c.MonthCostHigh),
				report.Money(c.YearCost), report.Money(c.YearCostLow), report.Money(c.YearCostHigh), report.Money(c.ModelMonthCost), report.Money(c.ModelYearCost)},
		})
	}
	for _, a := range p.Accounts {
		m, pr := map[string]report.Quantity{}, map[string]report.Quantity{}
		for k, v := range a.Measured {
			m[k] = report.Quantity(v)
		}
		for k, v := range a.Predicted {
			pr[k] = report.Quantity(v)
		}
		doc.Accounts = append(doc.Accounts, measuredAccountJSON{ID: a.ID, Name: a.Name, Stratum: a.Stratum, Daily: report.Quantity(a.Daily), Measured: m, Predicted: pr})
	}
	return doc
}

func signedPct(v float64) string {
	if v >= 0 {
		return "+" + pct(v)
	}
	return pct(v)
}

func renderProjectionTable(w io.Writer, p *model.TrialProjection, name string) {
	fmt.Fprintf(w, "Trial projection: %s on %s\n", p.Strategy, name)
	fmt.Fprintf(w, "Trial %s..%s (%d days, %d accounts)\n", p.Start, p.End, p.Days, len(p.Accounts))
	fmt.Fprintf(w, "Priced in %s (%s)\n", p.Region, p.BookID)
	fmt.Fprintf(w, "Organization, %s (%d days) and the year from it (%d days), %s interval:\n\n", p.Month, p.MonthDays, p.YearDays, pct(p.Confidence))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "", "USD", "INTERVAL")
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "month "+p.Month, usd(p.MonthCost), usd(p.MonthLow)+" to "+usd(p.MonthHigh))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "year", usd(p.YearCost), usd(p.YearLow)+" to "+usd(p.YearHigh))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "model, month", usd(p.ModelMonthCost), "(before the trial)")
	fmt.Fprintf(w, "  %-18s %14s\n", "model, year", usd(p.ModelYearCost))
	for _, c := range p.Components {
		fmt.Fprintf(w, "\n%s (%s)\n", c.Component, c.Rate)
		fmt.Fprintf(w, "  organization, a day  %s %s (%s to %s)\n", qty(c.Daily), c.Unit, qty(c.DailyLow), qty(c.DailyHigh))
		fmt.Fprintf(w, "  month, USD           %s (%s to %s); model %s\n", usd(c.MonthCost), usd(c.MonthCostLow), usd(c.MonthCostHigh), usd(c.ModelMonthCost))
		fmt.Fprintf(w, "  year, USD            %s (%s to %s); model %s\n", usd(c.YearCost), usd(c.YearCostLow), usd(c.YearCostHigh), usd(c.ModelYearCost))
		fmt.Fprintf(w, "  trial accounts       measured %s %s, model predicted %s: %s\n", qty(c.TrialMeasured), c.Unit, qty(c.TrialPredicted), signedPct(c.Error))
	}
	comps := projectionMetricComponents(p)
	fmt.Fprintf(w, "\nTrial accounts (%s, %s over the trial):\n", comps[0], p.Components[0].Unit)
	fmt.Fprintf(w, "  %-12s  %-25s %10s %10s %8s\n", "ACCOUNT", "STRATUM", "MEASURED", "PREDICTED", "ERROR")
	for _, a := range p.Accounts {
		m, pr := a.Measured[comps[0]], a.Predicted[comps[0]]
		e := "n/a"
		if pr > 0 {
			e = signedPct(m/pr - 1)
		}
		fmt.Fprintf(w, "  %-12s  %-25s %10s %10s %8s\n", a.ID, cut(a.Stratum, 25), qty(m), qty(pr), e)
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, n := range p.Notes {
		wrap(w, "  - ", "    ", n, 80)
	}
}

// projectionMetricComponents lists the measured components, in order.
func projectionMetricComponents(p *model.TrialProjection) []string {
	var out []string
	for _, a := range p.Accounts {
		for c := range a.Measured {
			if !contains(out, c) {
				out = append(out, c)
			}
		}
		break
	}
	order := map[string]int{}
	for i, c := range p.Components {
		if _, ok := order[c.Component]; !ok {
			order[c.Component] = i
		}
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out
}

func renderProjectionMarkdown(w io.Writer, p *model.TrialProjection, name string) {
	fmt.Fprintf(w, "# Trial projection: `%s`\n\n", p.Strategy)
	fmt.Fprintf(w, "Dataset %s; trial %s..%s (%d days, %d accounts); priced in %s (`%s`). Intervals at %s confidence.\n\n",
		name, p.Start, p.End, p.Days, len(p.Accounts), p.Region, p.BookID, pct(p.Confidence))
	fmt.Fprintf(w, "| | projected (USD) | interval (USD) | model before the trial (USD) |\n|---|---:|---|---:|\n")
	fmt.Fprintf(w, "| month %s | %s | %s to %s | %s |\n", p.Month, usd(p.MonthCost), usd(p.MonthLow), usd(p.MonthHigh), usd(p.ModelMonthCost))
	fmt.Fprintf(w, "| year from %s | %s | %s to %s | %s |\n", p.Month, usd(p.YearCost), usd(p.YearLow), usd(p.YearHigh), usd(p.ModelYearCost))
	fmt.Fprintf(w, "\n## Per component\n\n| component | rate | a day (org) | month (USD) | year (USD) | model month (USD) | trial accounts: measured / predicted | error |\n|---|---|---:|---:|---:|---:|---|---:|\n")
	for _, c := range p.Components {
		fmt.Fprintf(w, "| `%s` | `%s` | %s %s (%s to %s) | %s (%s to %s) | %s (%s to %s) | %s | %s / %s %s | %s |\n",
			c.Component, c.Rate, qty(c.Daily), c.Unit, qty(c.DailyLow), qty(c.DailyHigh),
			usd(c.MonthCost), usd(c.MonthCostLow), usd(c.MonthCostHigh), usd(c.YearCost), usd(c.YearCostLow), usd(c.YearCostHigh),
			usd(c.ModelMonthCost), qty(c.TrialMeasured), qty(c.TrialPredicted), c.Unit, signedPct(c.Error))
	}
	comps := projectionMetricComponents(p)
	fmt.Fprintf(w, "\n## Trial accounts\n\n| account | name | stratum |")
	for _, c := range comps {
		fmt.Fprintf(w, " `%s` measured / predicted |", c)
	}
	fmt.Fprintf(w, "\n|---|---|---|%s\n", strings.Repeat("---|", len(comps)))
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "| %s | %s | %s |", a.ID, a.Name, a.Stratum)
		for _, c := range comps {
			fmt.Fprintf(w, " %s / %s |", qty(a.Measured[c]), qty(a.Predicted[c]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n## Notes\n\n")
	for _, n := range p.Notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}
