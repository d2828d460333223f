package report

import (
	"fmt"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// LeftoverTrail is a trail the organization has that a strategy does not
// need, with what keeping it costs under each strategy: a finding beside
// the prices, inside them only with leftover_trails: keep (and then as part
// of each strategy's "paid management event copies" line).
type LeftoverTrail struct {
	Account              string         `json:"account"`
	Name                 string         `json:"name"`
	Organization         bool           `json:"organization"`
	HomeRegion           string         `json:"home_region"`
	MultiRegion          bool           `json:"multi_region"`
	ManagementEvents     string         `json:"management_events"`
	ExcludedEventSources []string       `json:"excluded_event_sources,omitempty"`
	Records              string         `json:"records"` // the scope in words
	Costs                []LeftoverCost `json:"costs"`
	Notes                []string       `json:"notes,omitempty"`
}

// LeftoverCost is what keeping the trail costs under one strategy: per
// month and over the first year. Leftover is false where the strategy takes
// the trail over as its own first copy (and it costs nothing).
type LeftoverCost struct {
	Strategy  string  `json:"strategy"`
	Leftover  bool    `json:"leftover"`
	FirstYear Money   `json:"first_year"`
	Months    []Money `json:"months"`
}

// leftoverDocs writes the leftover trails, each month rounded on its own
// and the first year the sum of the months as written.
func leftoverDocs(in []model.LeftoverTrail) []LeftoverTrail {
	out := make([]LeftoverTrail, 0, len(in))
	for _, lt := range in {
		t := lt.Trail
		d := LeftoverTrail{
			Account: t.Account, Name: t.Name, Organization: t.Organization, HomeRegion: t.HomeRegion,
			MultiRegion: t.MultiRegion, ManagementEvents: t.ManagementEvents, ExcludedEventSources: t.ExcludedEventSources,
			Records: t.Scope(), Notes: lt.Notes,
		}
		for _, c := range lt.Costs {
			dc := LeftoverCost{Strategy: c.Strategy, Leftover: c.Leftover, Months: []Money{}}
			var year int64
			for m, v := range c.Months {
				u := toUnits(v)
				dc.Months = append(dc.Months, fromUnits(u))
				if m < 12 {
					year += u
				}
			}
			dc.FirstYear = fromUnits(year)
			d.Costs = append(d.Costs, dc)
		}
		out = append(out, d)
	}
	return out
}

// leftoverKept says whether the leftover trails' copies are inside the prices.
func leftoverKept(doc *Document) bool {
	return doc.Inputs.Scenario.LeftoverTrails == model.LeftoverKeep
}

// leftoverHeading introduces the leftover trails in words.
func leftoverHeading(doc *Document) string {
	n := len(doc.Leftovers)
	if leftoverKept(doc) {
		return fmt.Sprintf("%d leftover trail(s) kept (leftover_trails: keep): their paid copies of management events are inside the prices above. Removing each saves:", n)
	}
	return fmt.Sprintf("%d leftover trail(s) the strategies do not need, removed in the prices above (leftover_trails: remove). Keeping each would cost a year:", n)
}

// leftoverCostsByFamily says what a trail costs under each strategy
// family, in one phrase: variants of a family share their first copy and
// so the cost.
func leftoverCostsByFamily(doc *Document, lt LeftoverTrail) string {
	var parts, takenOver []string
	seen := map[string]bool{}
	for i, c := range lt.Costs {
		family := doc.Strategies[i].Family
		if seen[family] {
			continue
		}
		seen[family] = true
		if !c.Leftover {
			takenOver = append(takenOver, family)
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", money2(c.FirstYear), family))
	}
	out := strings.Join(parts, ", ")
	if len(takenOver) > 0 {
		out += "; none under " + strings.Join(takenOver, ", ") + " (becomes its own trail)"
	}
	return out
}

// trailLabel names a leftover trail: its account and name.
func trailLabel(lt LeftoverTrail) string {
	kind := "trail"
	if lt.Organization {
		kind = "organization trail"
	}
	return fmt.Sprintf("%s %s %s", lt.Account, kind, lt.Name)
}

// leftoverTable writes the leftover trails for the terminal table.
func leftoverTable(b *strings.Builder, doc *Document, width int) {
	if len(doc.Leftovers) == 0 {
		return
	}
	b.WriteString("\n" + wrap(leftoverHeading(doc), "", width))
	const most = 10
	for i, lt := range doc.Leftovers {
		if i == most {
			b.WriteString(wrap(fmt.Sprintf("… and %d more (every one in --format json and csv)", len(doc.Leftovers)-most), "  ", width))
			break
		}
		b.WriteString(wrap(trailLabel(lt)+": "+lt.Records, "  ", width))
		b.WriteString(wrap(leftoverCostsByFamily(doc, lt), "    ", width))
	}
}

// leftoverMarkdown writes the leftover trails for the decision record.
func leftoverMarkdown(b *strings.Builder, doc *Document) {
	if len(doc.Leftovers) == 0 {
		return
	}
	b.WriteString("\n## Leftover trails\n\n" + leftoverHeading(doc) + "\n\n| Trail | Records | First year, by strategy |\n|---|---|---|\n")
	for _, lt := range doc.Leftovers {
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdEscape(trailLabel(lt)), mdEscape(lt.Records), mdEscape(leftoverCostsByFamily(doc, lt)))
	}
	for _, lt := range doc.Leftovers {
		for _, n := range lt.Notes {
			fmt.Fprintf(b, "- %s: %s\n", mdEscape(trailLabel(lt)), mdEscape(n))
		}
	}
}

// leftoverCSVRows writes, for the long-form CSV, one row per month ×
// strategy × leftover trail, of kind "leftover": a finding, not part of the
// strategy's total (with leftover_trails: keep it is already inside the
// strategy's paid copies line).
func leftoverCSVRows(doc *Document, write func([]string) error) error {
	for _, lt := range doc.Leftovers {
		for i, c := range lt.Costs {
			if !c.Leftover {
				continue
			}
			s := doc.Strategies[i]
			for m, cost := range c.Months {
				row := []string{isoMonth(s.Months[m].Month), s.ID, fmt.Sprint(s.Available), "cloudtrail.leftover_trail",
					"Leftover " + trailLabel(lt) + " (" + lt.Records + ")", leftoverPayer(lt), "", "", "", cost.String(),
					doc.Currency, "cloudtrail.management_events_paid", "false", rateConfidence(doc, "cloudtrail.management_events_paid"), "leftover"}
				if err := write(row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// leftoverPayer is who AWS bills for a leftover trail's copies: the
// account that owns it.
func leftoverPayer(lt LeftoverTrail) string {
	if lt.Organization {
		return model.PayerManagement
	}
	return model.PayerMembers
}

// LeftoverSummary says in one line what the leftover trails cost under one
// strategy (the selected one), for a first screen; "" when there are none.
func LeftoverSummary(doc *Document, strategy string) string {
	n := len(doc.Leftovers)
	if n == 0 {
		return ""
	}
	var year Money
	for _, lt := range doc.Leftovers {
		for _, c := range lt.Costs {
			if c.Strategy == strategy {
				year += c.FirstYear
			}
		}
	}
	if leftoverKept(doc) {
		return fmt.Sprintf("Leftover trails: %d, kept: %s a year of this price.", n, money2(year))
	}
	return fmt.Sprintf("Leftover trails: %d, removed here; keeping them adds %s a year.", n, money2(year))
}
