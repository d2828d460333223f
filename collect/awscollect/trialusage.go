package awscollect

import (
	"fmt"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// TrialUsage turns a Cost Explorer collection (Options.ExtrasByDay, the
// strategy's services in CEServices) into a trial's usage rows, day by day
// per account and usage type, as a Cost Explorer CSV export gives them:
// quantities in GB (bytes are converted; a -Bytes usage type in another unit
// is refused), costs in USD. logAccounts counts the accounts with CloudWatch
// Logs ingestion (any class, custom or vended), which is all of an
// account's, not only its trail's. A
// Cost Explorer gap is an error: a projection from some of the days would
// be wrong.
func TrialUsage(res *Result) (rows []model.TrialUsage, logAccounts int, err error) {
	for _, g := range res.Dataset.Gaps {
		if g.Source == SourceCostExplorer {
			return nil, 0, fmt.Errorf("Cost Explorer: %s", g.Reason)
		}
	}
	logs := map[string]bool{}
	for _, e := range res.Extras {
		if logsIngestionKind(e.Kind) {
			logs[e.Account] = true
		}
		q := e.Quantity
		switch strings.ToLower(e.Unit) {
		case "gb", "":
		case "bytes":
			q /= model.GiB
		default:
			if strings.HasSuffix(e.UsageType, "-Bytes") {
				return nil, 0, fmt.Errorf("Cost Explorer: usage type %s in %q; expected GB", e.UsageType, e.Unit)
			}
		}
		rows = append(rows, model.TrialUsage{Day: e.Day, Account: e.Account, UsageType: e.UsageType, Quantity: q, Cost: e.CostUSD})
	}
	return rows, len(logs), nil
}
