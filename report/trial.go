package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// Schemas of the trial documents.
const (
	TrialPlanSchema       = "trailwise.trial-plan/v1"
	TrialProjectionSchema = "trailwise.trial-projection/v1"
)

// TrialFormats lists the trial documents' output formats, the default first.
var TrialFormats = []string{"table", "json", "markdown"}

// RenderTrialPlan writes a trial plan of the named dataset in the format.
func RenderTrialPlan(w io.Writer, p *model.TrialPlan, dataset, format string) error {
	return renderTrial(w, format, func() any { return TrialPlanDocument(p, dataset) },
		func(b io.Writer) { trialPlanMarkdown(b, p, dataset) },
		func(b io.Writer) { trialPlanTable(b, p, dataset) })
}

// RenderTrialProjection writes a trial projection of the named dataset,
// from the usage read from source, in the format.
func RenderTrialProjection(w io.Writer, p *model.TrialProjection, dataset, source, format string) error {
	return renderTrial(w, format, func() any { return TrialProjectionDocument(p, dataset, source) },
		func(b io.Writer) { trialProjectionMarkdown(b, p, dataset) },
		func(b io.Writer) { trialProjectionTable(b, p, dataset) })
}

// renderTrial writes a result as JSON, Markdown or a table, rendered whole
// before anything is written.
func renderTrial(w io.Writer, format string, doc func() any, markdown, table func(io.Writer)) error {
	var buf strings.Builder
	switch format {
	case "json":
		if err := encodeJSON(&buf, doc()); err != nil {
			return err
		}
	case "markdown":
		markdown(&buf)
	case "table":
		table(&buf)
	default:
		return fmt.Errorf("format: expected one of %s, got %q", strings.Join(TrialFormats, ", "), format)
	}
	_, err := io.WriteString(w, buf.String())
	return err
}

// usd writes an amount of dollars for people: two places, thousands
// separated.
func usd(v float64) string { return textfmt.Money(v, 2) }

// hang writes text wrapped to width, first before its first line and prefix
// before the others; text without words writes first alone.
func hang(w io.Writer, first, prefix, text string, width int) {
	s := textfmt.Indent(text, first, prefix, width)
	if s == "" {
		s = first + "\n"
	}
	io.WriteString(w, s)
}

// ---- the plan ----

type TrialPlanDoc struct {
	Schema          string                 `json:"schema"`
	Strategy        string                 `json:"strategy"`
	Dataset         string                 `json:"dataset"`
	Period          model.Period           `json:"period"`
	Region          string                 `json:"region"`
	PriceBook       string                 `json:"price_book"`
	Precision       Quantity               `json:"precision"`
	Confidence      Quantity               `json:"confidence"`
	Days            int                    `json:"days"`
	DaysNeeded      int                    `json:"days_needed"`
	HalfWidth       Quantity               `json:"expected_half_width"`
	FreeTrialDays   int                    `json:"free_trial_days"`
	FreeTrialSource string                 `json:"free_trial_source,omitempty"`
	Cost            trialCostJSON          `json:"cost"`
	StratifiedOn    string                 `json:"stratified_on"`
	Strata          []trialStratumJSON     `json:"strata"`
	Accounts        []trialAccountJSON     `json:"accounts"`
	UsageTypes      []model.TrialUsageType `json:"usage_types"`
	Backtest        *trialBacktestJSON     `json:"backtest"`
	Notes           []string               `json:"notes"`
}

type trialBacktestJSON struct {
	Start     string   `json:"start"`
	End       string   `json:"end"`
	Projected Quantity `json:"projected_gb_per_day"`
	Measured  Quantity `json:"measured_gb_per_day"`
	HalfWidth Quantity `json:"half_width"`
	Error     Quantity `json:"error"`
	Inside    bool     `json:"inside"`
}

type trialCostJSON struct {
	Total             Money    `json:"total"`
	Accounts          Money    `json:"accounts"`
	Central           Money    `json:"central"`
	CentralComponents []string `json:"central_components"`
	AccountsListPrice Money    `json:"accounts_list_price"`
}

type trialStratumJSON struct {
	ID       string   `json:"id"`
	OU       string   `json:"ou"`
	Band     string   `json:"band"`
	Accounts int      `json:"accounts"`
	Low      Quantity `json:"gb_per_day_low"`
	High     Quantity `json:"gb_per_day_high"`
	Daily    Quantity `json:"gb_per_day"`
	Share    Quantity `json:"share"`
	Picked   []string `json:"picked"`
}

type trialAccountJSON struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	OU        string           `json:"ou"`
	Stratum   string           `json:"stratum"`
	Reason    string           `json:"reason"`
	Daily     Quantity         `json:"gb_per_day"`
	DayCV     Quantity         `json:"day_to_day_cv"`
	DailyCost map[string]Money `json:"list_cost_per_day"`
	Cost      Money            `json:"cost"`
	Central   Money            `json:"central_cost"`
	ListCost  Money            `json:"list_cost"`
}

func TrialPlanDocument(p *model.TrialPlan, name string) TrialPlanDoc {
	doc := TrialPlanDoc{
		Schema: TrialPlanSchema, Strategy: p.Strategy, Dataset: name, Period: p.Period, Region: p.Region, PriceBook: p.BookID,
		Precision: Quantity(p.Precision), Confidence: Quantity(p.Confidence),
		Days: p.Days, DaysNeeded: p.DaysNeeded, HalfWidth: Quantity(p.HalfWidth),
		FreeTrialDays: p.FreeTrialDays, FreeTrialSource: p.FreeTrialSource, StratifiedOn: p.Metric,
		UsageTypes: p.UsageTypes, Notes: p.Notes,
	}
	if bt := p.Backtest; bt != nil {
		doc.Backtest = &trialBacktestJSON{bt.Start, bt.End, Quantity(bt.Projected), Quantity(bt.Measured),
			Quantity(bt.HalfWidth), Quantity(bt.Error), bt.Inside}
	}
	accounts, list := 0.0, 0.0
	for _, a := range p.Accounts {
		accounts += a.Cost
		list += a.ListCost
		daily := map[string]Money{}
		for c, v := range a.DailyCost {
			daily[c] = Money(v)
		}
		doc.Accounts = append(doc.Accounts, trialAccountJSON{
			ID: a.ID, Name: a.Name, OU: a.OU, Stratum: a.Stratum, Reason: a.Reason,
			Daily: Quantity(a.Daily), DayCV: Quantity(a.DayCV), DailyCost: daily,
			Cost: Money(a.Cost), Central: Money(a.CentralCost), ListCost: Money(a.ListCost),
		})
	}
	doc.Cost = trialCostJSON{Total: Money(p.Cost), Accounts: Money(accounts), Central: Money(p.Central),
		CentralComponents: append([]string{}, p.CentralComponent...), AccountsListPrice: Money(list)}
	for _, st := range p.Strata {
		doc.Strata = append(doc.Strata, trialStratumJSON{
			ID: st.ID, OU: st.OU, Band: st.Band, Accounts: len(st.Accounts),
			Low: Quantity(st.Low), High: Quantity(st.High), Daily: Quantity(st.Daily),
			Share: Quantity(st.Share), Picked: st.Picked,
		})
	}
	return doc
}

func freeTrialLine(p *model.TrialPlan) string {
	if p.FreeTrialDays == 0 {
		return "Free trial: none offered for " + p.Strategy + "."
	}
	return fmt.Sprintf("Free trial: %d days (ingestion and normalization waived; %s).", p.FreeTrialDays, p.FreeTrialSource)
}

func trialPlanSummary(p *model.TrialPlan) []string {
	accounts, list := 0.0, 0.0
	for _, a := range p.Accounts {
		accounts += a.Cost
		list += a.ListCost
	}
	return []string{
		fmt.Sprintf("Run %d days: the day-to-day variation asks for %d; a trial runs whole weeks, at least one.", p.Days, p.DaysNeeded),
		fmt.Sprintf("Expected ±%s on the org-wide monthly estimate after %d days, from day-to-day variation.", textfmt.Percent(p.HalfWidth), p.Days),
		freeTrialLine(p),
		fmt.Sprintf("Trial cost: %s USD (%s on the trial accounts' own bills, %s on central accounts' for their share); %s USD at list price, without a free trial.",
			usd(p.Cost), usd(accounts), usd(p.Central), usd(list)),
	}
}

func trialPlanTable(w io.Writer, p *model.TrialPlan, name string) {
	fmt.Fprintf(w, "Trial plan: %s on %s\n", p.Strategy, name)
	fmt.Fprintf(w, "Measured %s..%s; priced in %s (%s)\n", p.Period.Start, p.Period.End, p.Region, p.BookID)
	fmt.Fprintf(w, "Target: ±%s on the org-wide monthly estimate at %s confidence\n\n", textfmt.Percent(p.Precision), textfmt.Percent(p.Confidence))
	for _, s := range trialPlanSummary(p) {
		hang(w, "", "  ", s, 80)
	}
	fmt.Fprintf(w, "\n%d strata (OU × volume band, by %s), one trial account each;\n", len(p.Strata), p.Metric)
	fmt.Fprintln(w, "USD is the trial's cost for the account, its share of central lines included:")
	fmt.Fprintf(w, "%-12s  %-17s  %-25s %7s %4s %8s\n", "ACCOUNT", "NAME", "STRATUM", "GB/DAY", "CV%", "USD")
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "%-12s  %-17s  %-25s %7s %4.0f %8s\n", a.ID, textfmt.Clip(a.Name, 17), textfmt.Clip(a.Stratum, 25), textfmt.Quantity(a.Daily), a.DayCV*100, usd(a.Cost+a.CentralCost))
	}
	fmt.Fprintln(w, "\nWhy each account:")
	for _, a := range p.Accounts {
		hang(w, "  "+a.ID+"  ", strings.Repeat(" ", 16), a.Reason, 80)
	}
	fmt.Fprintln(w, "\nStrata (GB a day):")
	fmt.Fprintf(w, "  %-26s %8s %9s %9s %9s %6s\n", "STRATUM", "ACCOUNTS", "TOTAL", "LOWEST", "HIGHEST", "SHARE")
	for _, st := range p.Strata {
		fmt.Fprintf(w, "  %-26s %8d %9s %9s %9s %6s\n", textfmt.Clip(st.ID, 26), len(st.Accounts), textfmt.Quantity(st.Daily), textfmt.Quantity(st.Low), textfmt.Quantity(st.High), textfmt.Percent(st.Share))
	}
	fmt.Fprintln(w, "\nCost Explorer usage types to watch (daily, grouped by LINKED_ACCOUNT):")
	for _, u := range p.UsageTypes {
		mark := ""
		if !u.Confirmed {
			mark = " (unconfirmed)"
		}
		fmt.Fprintf(w, "  %-20s %s%s\n", u.Service, u.UsageType, mark)
		hang(w, strings.Repeat(" ", 23), strings.Repeat(" ", 23), u.Component+": "+u.What, 80)
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, n := range p.Notes {
		hang(w, "  - ", "    ", n, 80)
	}
}

func trialPlanMarkdown(w io.Writer, p *model.TrialPlan, name string) {
	fmt.Fprintf(w, "# Trial plan: `%s`\n\n", p.Strategy)
	fmt.Fprintf(w, "Dataset %s, measured %s..%s; priced in %s (`%s`). Target: ±%s on the org-wide monthly estimate at %s confidence.\n\n",
		name, p.Period.Start, p.Period.End, p.Region, p.BookID, textfmt.Percent(p.Precision), textfmt.Percent(p.Confidence))
	for _, s := range trialPlanSummary(p) {
		fmt.Fprintf(w, "- %s\n", s)
	}
	fmt.Fprintf(w, "\n## Trial accounts\n\n| account | name | stratum | GB a day | day-to-day CV | own bill (USD) | central share (USD) | list price (USD) | why |\n|---|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", a.ID, a.Name, a.Stratum, textfmt.Quantity(a.Daily), textfmt.Percent(a.DayCV), usd(a.Cost), usd(a.CentralCost), usd(a.ListCost), a.Reason)
	}
	fmt.Fprintf(w, "\n## Strata (by `%s`)\n\n| stratum | accounts | GB a day | range (GB a day) | share |\n|---|---:|---:|---|---:|\n", p.Metric)
	for _, st := range p.Strata {
		fmt.Fprintf(w, "| %s | %d | %s | %s to %s | %s |\n", st.ID, len(st.Accounts), textfmt.Quantity(st.Daily), textfmt.Quantity(st.Low), textfmt.Quantity(st.High), textfmt.Percent(st.Share))
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

type TrialProjectionDoc struct {
	Schema     string               `json:"schema"`
	Strategy   string               `json:"strategy"`
	Dataset    string               `json:"dataset"`
	Usage      string               `json:"usage"`
	Region     string               `json:"region"`
	PriceBook  string               `json:"price_book"`
	Confidence Quantity             `json:"confidence"`
	Trial      trialSpanJSON        `json:"trial"`
	Month      string               `json:"month"`
	MonthDays  int                  `json:"month_days"`
	YearDays   int                  `json:"year_days"`
	Total      trialRangeJSON       `json:"total"`
	Components []trialComponentJSON `json:"components"`
	Accounts   []trialMeasuredJSON  `json:"accounts"`
	Ignored    int                  `json:"rows_ignored"`
	Notes      []string             `json:"notes"`
}

type trialSpanJSON struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Days     int    `json:"days"`
	Accounts int    `json:"accounts"`
}

type trialRangeJSON struct {
	Month          Money `json:"month_cost"`
	MonthLow       Money `json:"month_cost_low"`
	MonthHigh      Money `json:"month_cost_high"`
	Year           Money `json:"year_cost"`
	YearLow        Money `json:"year_cost_low"`
	YearHigh       Money `json:"year_cost_high"`
	ModelMonthCost Money `json:"model_month_cost"`
	ModelYearCost  Money `json:"model_year_cost"`
}

type trialComponentJSON struct {
	Component      string   `json:"component"`
	Rate           string   `json:"rate"`
	Unit           string   `json:"unit"`
	TrialMeasured  Quantity `json:"trial_measured"`
	TrialPredicted Quantity `json:"trial_predicted"`
	Error          Quantity `json:"error"`
	Daily          Quantity `json:"daily"`
	DailyLow       Quantity `json:"daily_low"`
	DailyHigh      Quantity `json:"daily_high"`
	Month          Quantity `json:"month"`
	MonthLow       Quantity `json:"month_low"`
	MonthHigh      Quantity `json:"month_high"`
	ModelMonth     Quantity `json:"model_month"`
	trialRangeJSON
}

type trialMeasuredJSON struct {
	ID        string              `json:"id"`
	Name      string              `json:"name"`
	Stratum   string              `json:"stratum"`
	Daily     Quantity            `json:"dataset_gb_per_day"`
	Measured  map[string]Quantity `json:"measured"`
	Predicted map[string]Quantity `json:"predicted"`
}

func TrialProjectionDocument(p *model.TrialProjection, name, usage string) TrialProjectionDoc {
	doc := TrialProjectionDoc{
		Schema: TrialProjectionSchema, Strategy: p.Strategy, Dataset: name, Usage: usage, Region: p.Region, PriceBook: p.BookID,
		Confidence: Quantity(p.Confidence), Trial: trialSpanJSON{p.Start, p.End, p.Days, len(p.Accounts)},
		Month: p.Month, MonthDays: p.MonthDays, YearDays: p.YearDays, Ignored: p.Ignored, Notes: p.Notes,
		Total: trialRangeJSON{Money(p.MonthCost), Money(p.MonthLow), Money(p.MonthHigh),
			Money(p.YearCost), Money(p.YearLow), Money(p.YearHigh), Money(p.ModelMonthCost), Money(p.ModelYearCost)},
	}
	for _, c := range p.Components {
		doc.Components = append(doc.Components, trialComponentJSON{
			Component: c.Component, Rate: c.Rate, Unit: c.Unit,
			TrialMeasured: Quantity(c.TrialMeasured), TrialPredicted: Quantity(c.TrialPredicted), Error: Quantity(c.Error),
			Daily: Quantity(c.Daily), DailyLow: Quantity(c.DailyLow), DailyHigh: Quantity(c.DailyHigh),
			Month: Quantity(c.Month), MonthLow: Quantity(c.MonthLow), MonthHigh: Quantity(c.MonthHigh),
			ModelMonth: Quantity(c.ModelMonth),
			trialRangeJSON: trialRangeJSON{Money(c.MonthCost), Money(c.MonthCostLow), Money(c.MonthCostHigh),
				Money(c.YearCost), Money(c.YearCostLow), Money(c.YearCostHigh), Money(c.ModelMonthCost), Money(c.ModelYearCost)},
		})
	}
	for _, a := range p.Accounts {
		m, pr := map[string]Quantity{}, map[string]Quantity{}
		for k, v := range a.Measured {
			m[k] = Quantity(v)
		}
		for k, v := range a.Predicted {
			pr[k] = Quantity(v)
		}
		doc.Accounts = append(doc.Accounts, trialMeasuredJSON{ID: a.ID, Name: a.Name, Stratum: a.Stratum, Daily: Quantity(a.Daily), Measured: m, Predicted: pr})
	}
	return doc
}

func trialProjectionTable(w io.Writer, p *model.TrialProjection, name string) {
	fmt.Fprintf(w, "Trial projection: %s on %s\n", p.Strategy, name)
	fmt.Fprintf(w, "Trial %s..%s (%d days, %d accounts)\n", p.Start, p.End, p.Days, len(p.Accounts))
	fmt.Fprintf(w, "Priced in %s (%s)\n", p.Region, p.BookID)
	fmt.Fprintf(w, "Organization, %s (%d days) and the year from it (%d days), %s interval:\n\n", p.Month, p.MonthDays, p.YearDays, textfmt.Percent(p.Confidence))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "", "USD", "INTERVAL")
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "month "+p.Month, usd(p.MonthCost), usd(p.MonthLow)+" to "+usd(p.MonthHigh))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "year", usd(p.YearCost), usd(p.YearLow)+" to "+usd(p.YearHigh))
	fmt.Fprintf(w, "  %-18s %14s  %s\n", "model, month", usd(p.ModelMonthCost), "(before the trial)")
	fmt.Fprintf(w, "  %-18s %14s\n", "model, year", usd(p.ModelYearCost))
	for _, c := range p.Components {
		fmt.Fprintf(w, "\n%s (%s)\n", c.Component, c.Rate)
		fmt.Fprintf(w, "  organization, a day  %s %s (%s to %s)\n", textfmt.Quantity(c.Daily), c.Unit, textfmt.Quantity(c.DailyLow), textfmt.Quantity(c.DailyHigh))
		fmt.Fprintf(w, "  month, USD           %s (%s to %s); model %s\n", usd(c.MonthCost), usd(c.MonthCostLow), usd(c.MonthCostHigh), usd(c.ModelMonthCost))
		fmt.Fprintf(w, "  year, USD            %s (%s to %s); model %s\n", usd(c.YearCost), usd(c.YearCostLow), usd(c.YearCostHigh), usd(c.ModelYearCost))
		fmt.Fprintf(w, "  trial accounts       measured %s %s, model predicted %s: %s\n", textfmt.Quantity(c.TrialMeasured), c.Unit, textfmt.Quantity(c.TrialPredicted), textfmt.SignedPercent(c.Error))
	}
	comps := measuredComponents(p)
	fmt.Fprintf(w, "\nTrial accounts (%s, %s over the trial):\n", comps[0], p.Components[0].Unit)
	fmt.Fprintf(w, "  %-12s  %-25s %10s %10s %8s\n", "ACCOUNT", "STRATUM", "MEASURED", "PREDICTED", "ERROR")
	for _, a := range p.Accounts {
		m, pr := a.Measured[comps[0]], a.Predicted[comps[0]]
		e := "n/a"
		if pr > 0 {
			e = textfmt.SignedPercent(m/pr - 1)
		}
		fmt.Fprintf(w, "  %-12s  %-25s %10s %10s %8s\n", a.ID, textfmt.Clip(a.Stratum, 25), textfmt.Quantity(m), textfmt.Quantity(pr), e)
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, n := range p.Notes {
		hang(w, "  - ", "    ", n, 80)
	}
}

// projectionMetricComponents lists the measured components, in order.
func measuredComponents(p *model.TrialProjection) []string {
	var out []string
	for _, a := range p.Accounts {
		for c := range a.Measured {
			if !slices.Contains(out, c) {
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

func trialProjectionMarkdown(w io.Writer, p *model.TrialProjection, name string) {
	fmt.Fprintf(w, "# Trial projection: `%s`\n\n", p.Strategy)
	fmt.Fprintf(w, "Dataset %s; trial %s..%s (%d days, %d accounts); priced in %s (`%s`). Intervals at %s confidence.\n\n",
		name, p.Start, p.End, p.Days, len(p.Accounts), p.Region, p.BookID, textfmt.Percent(p.Confidence))
	fmt.Fprintf(w, "| | projected (USD) | interval (USD) | model before the trial (USD) |\n|---|---:|---|---:|\n")
	fmt.Fprintf(w, "| month %s | %s | %s to %s | %s |\n", p.Month, usd(p.MonthCost), usd(p.MonthLow), usd(p.MonthHigh), usd(p.ModelMonthCost))
	fmt.Fprintf(w, "| year from %s | %s | %s to %s | %s |\n", p.Month, usd(p.YearCost), usd(p.YearLow), usd(p.YearHigh), usd(p.ModelYearCost))
	fmt.Fprintf(w, "\n## Per component\n\n| component | rate | a day (org) | month (USD) | year (USD) | model month (USD) | trial accounts: measured / predicted | error |\n|---|---|---:|---:|---:|---:|---|---:|\n")
	for _, c := range p.Components {
		fmt.Fprintf(w, "| `%s` | `%s` | %s %s (%s to %s) | %s (%s to %s) | %s (%s to %s) | %s | %s / %s %s | %s |\n",
			c.Component, c.Rate, textfmt.Quantity(c.Daily), c.Unit, textfmt.Quantity(c.DailyLow), textfmt.Quantity(c.DailyHigh),
			usd(c.MonthCost), usd(c.MonthCostLow), usd(c.MonthCostHigh), usd(c.YearCost), usd(c.YearCostLow), usd(c.YearCostHigh),
			usd(c.ModelMonthCost), textfmt.Quantity(c.TrialMeasured), textfmt.Quantity(c.TrialPredicted), c.Unit, textfmt.SignedPercent(c.Error))
	}
	comps := measuredComponents(p)
	fmt.Fprintf(w, "\n## Trial accounts\n\n| account | name | stratum |")
	for _, c := range comps {
		fmt.Fprintf(w, " `%s` measured / predicted |", c)
	}
	fmt.Fprintf(w, "\n|---|---|---|%s\n", strings.Repeat("---|", len(comps)))
	for _, a := range p.Accounts {
		fmt.Fprintf(w, "| %s | %s | %s |", a.ID, a.Name, a.Stratum)
		for _, c := range comps {
			fmt.Fprintf(w, " %s / %s |", textfmt.Quantity(a.Measured[c]), textfmt.Quantity(a.Predicted[c]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n## Notes\n\n")
	for _, n := range p.Notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}
