package model

// Strategy ids, stable across versions: files, flags and reports use them.
const (
	OrgTrail          = "org-trail"
	TrailsReplication = "trails-replication"
	TrailsLake        = "trails-lake"
	CloudWatchLogs    = "cloudwatch-logs"
	SecurityLake      = "security-lake"
)

// Strategy describes one way of managing CloudTrail across the organization.
type Strategy struct {
	ID string `json:"id"`
	// Family is the base strategy; variants of org-trail share it.
	Family string `json:"family"`
	// Variant is the org-trail member-access variant, empty elsewhere.
	Variant string `json:"variant,omitempty"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// families in display order.
var families = []Strategy{
	{ID: OrgTrail, Family: OrgTrail, Name: "Organization trail", Summary: "One organization trail writes every account's events to one central bucket."},
	{ID: TrailsReplication, Family: TrailsReplication, Name: "Account trails + S3 replication", Summary: "Each account keeps its own trail and bucket; S3 replication copies the logs to a central bucket."},
	{ID: TrailsLake, Family: TrailsLake, Name: "Account trails + CloudTrail Lake", Summary: "Each account keeps its own trail and bucket; an organization event data store collects every account's events."},
	{ID: CloudWatchLogs, Family: CloudWatchLogs, Name: "CloudWatch Logs", Summary: "CloudTrail events go straight to CloudWatch Logs and are queried with Logs Insights; the organization trail may stay as the free S3 archive."},
	{ID: SecurityLake, Family: SecurityLake, Name: "Amazon Security Lake", Summary: "An organization trail feeds Security Lake, which stores the events as OCSF Parquet."},
}

var variantNames = map[string]string{
	AccessNone:             "no member access",
	AccessPerAccountPolicy: "one bucket-policy statement per account",
	AccessPolicyVariable:   "one statement with ${aws:PrincipalAccount}",
	AccessLakeFormation:    "Lake Formation permissions",
}

// Strategies lists the strategies a scenario compares: every family, with
// org-trail expanded into the member-access variants the scenario asks for.
// The no-access variant keeps the plain id org-trail; others are
// org-trail/<variant>.
func Strategies(s *Scenario) []Strategy {
	var out []Strategy
	for _, f := range families {
		if f.ID != OrgTrail {
			out = append(out, f)
			continue
		}
		for _, v := range MemberAccessVariants {
			if !contains(s.OrgTrailMemberAccess, v) {
				continue
			}
			st := f
			st.Variant = v
			if v != AccessNone {
				st.ID = OrgTrail + "/" + v
			}
			st.Name = f.Name + " (" + variantNames[v] + ")"
			out = append(out, st)
		}
	}
	return out
}

// StrategyIDs lists every strategy id, variants included.
func StrategyIDs() []string {
	all := DefaultScenario()
	var ids []string
	for _, st := range Strategies(&all) {
		ids = append(ids, st.ID)
	}
	return ids
}

// IsStrategyID reports whether id names a strategy or an org-trail variant.
func IsStrategyID(id string) bool {
	return contains(StrategyIDs(), id)
}
