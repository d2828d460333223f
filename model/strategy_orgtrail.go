package model

import "strings"

// OrgTrail is the organization-trail strategy's id.
const OrgTrail = "org-trail"

// An organization trail writes every account's events to one central
// bucket; it is the free first copy of management events in every account.
// Its variants differ in how member accounts read their own logs there.
func init() {
	register(&family{
		Family: Family{
			Strategy: Strategy{ID: OrgTrail, Family: OrgTrail, Name: "Organization trail", Short: OrgTrail,
				Summary: "One organization trail writes every account's events to one central bucket."},
			Help: "one organization trail to a central bucket; member-access variants " +
				"org-trail/per-account-policy, /policy-variable, /lake-formation",
			ScenarioFields: `# Organization-trail variants compared, by how member accounts read their own
# logs in the central bucket: one or more of ` + strings.Join(MemberAccessVariants, ", ") + `.
org_trail_member_access:
  - ` + strings.Join(MemberAccessVariants, "\n  - ") + "\n",
		},
		order:     10,
		firstCopy: func(*Scenario, Strategy) firstCopy { return firstCopyOrgTrail },
		variants:  orgTrailVariants,
		recipe: func(e *engine, b *bill, m int) {
			e.orgTrail(b, m, true)
			e.athena(b, m)
		},
		gate:    orgTrailGate,
		notes:   orgTrailNotes,
		queries: (*engine).centralBucketQueries,
	})
}

var orgTrailVariantNames = map[string]variantLabel{
	AccessNone:             {"no member access", OrgTrail},
	AccessPerAccountPolicy: {"one bucket-policy statement per account", "org/acct-pol"},
	AccessPolicyVariable:   {"one statement with ${aws:PrincipalAccount}", "org/pol-var"},
	AccessLakeFormation:    {"Lake Formation permissions", "org/lf"},
}

// orgTrailVariants expands org-trail into the member-access variants the
// scenario asks for. The no-access variant keeps the plain id org-trail;
// others are org-trail/<variant>.
func orgTrailVariants(f *family, s *Scenario) []Strategy {
	return expandVariants(f, MemberAccessVariants, s.OrgTrailMemberAccess, orgTrailVariantNames)
}

// orgTrailGate refuses the per-account-policy variant when the bucket
// policy it needs is over S3's size limit.
func orgTrailGate(e *engine, st Strategy) string {
	if st.Variant != AccessPerAccountPolicy {
		return ""
	}
	if e.prep != nil {
		return e.prep.policyGate(st.Variant, e.centralBucket())
	}
	return policyGate(st.Variant, e.centralBucket(), e.d.Organization.ID, e.d.Organization.ManagementAccount, e.memberAccounts())
}

func orgTrailNotes(_ *engine, st Strategy) []string {
	n := []string{"Management events: the organization trail is the free first copy in every account."}
	switch st.Variant {
	case AccessPerAccountPolicy:
		n = append(n, "Every new account needs another bucket-policy statement.")
	case AccessPolicyVariable:
		n = append(n, "One policy statement covers every account through ${aws:PrincipalAccount} and aws:PrincipalOrgID.")
	case AccessLakeFormation:
		n = append(n, "Lake Formation itself has no charge; Glue Data Catalog use is within its free tier at this size.")
	}
	return n
}

// memberAccounts lists the active accounts whose logs land in the bucket.
func (e *engine) memberAccounts() []string {
	var out []string
	for _, a := range e.d.Accounts {
		if a.Status == "ACTIVE" {
			out = append(out, a.ID)
		}
	}
	return out
}

// centralBucket is the organization trail's bucket, or a placeholder name.
func (e *engine) centralBucket() string {
	for _, t := range e.d.Trails {
		if t.Organization && t.Bucket != "" {
			return t.Bucket
		}
	}
	return "org-cloudtrail-" + e.s.LogArchiveAccount
}
