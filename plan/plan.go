// Package plan writes the artefacts a platform team applies to put a
// chosen CloudTrail strategy in place, as the scenario priced it: bucket
// and key policies, lifecycle and replication configurations, and the
// settings of CloudTrail Lake, CloudWatch Logs and Security Lake as
// CloudFormation and as AWS CLI input. It builds documents only: it calls
// no AWS API.
package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// Formats of the bucket policy and lifecycle artefacts.
const (
	FormatJSON      = "json"
	FormatTerraform = "terraform"
)

// Request is what to plan: a strategy (a family id, or org-trail/<variant>)
// on a dataset and a resolved scenario.
type Request struct {
	Strategy string
	// MemberAccess is the org-trail member-access variant; empty takes it
	// from Strategy (org-trail alone: none).
	MemberAccess string
	Format       string // FormatJSON (default) or FormatTerraform
	// Bucket names the central bucket; empty: the organization trail's
	// bucket in the dataset, else org-cloudtrail-<log archive account>.
	Bucket   string
	Dataset  *model.Dataset
	Scenario model.Scenario // resolved (Scenario.Resolve)
}

// Artefact is one file to write: a path relative to the output directory.
type Artefact struct {
	Path    string
	Content []byte
	About   string // what it is and how to apply it, for the README
}

// Plan is what Build made: the files, and notes the person should read
// (they are in the README too).
type Plan struct {
	Strategy  string
	Artefacts []Artefact
	Notes     []string
}

// Families lists the strategy ids plan accepts, variants aside.
func Families() []string {
	return []string{model.OrgTrail, model.TrailsReplication, model.TrailsLake, model.CloudWatchLogs, model.SecurityLake}
}

// Build makes the artefacts of one strategy.
func Build(r Request) (*Plan, error) {
	family, variant, err := r.strategy()
	if err != nil {
		return nil, err
	}
	if r.Format == "" {
		r.Format = FormatJSON
	}
	if r.Format != FormatJSON && r.Format != FormatTerraform {
		return nil, fmt.Errorf("--format: expected %s or %s, got %q", FormatJSON, FormatTerraform, r.Format)
	}
	o := newOrg(r)
	var p *Plan
	switch family {
	case model.OrgTrail:
		p = o.orgTrailPlan(variant)
	case model.TrailsReplication:
		p = o.replicationPlan()
	case model.TrailsLake:
		p = o.lakePlan()
	case model.CloudWatchLogs:
		p = o.cloudWatchPlan()
	case model.SecurityLake:
		p = o.securityLakePlan()
	}
	p.Artefacts = append(p.Artefacts, Artefact{Path: "README.md", Content: o.readme(p), About: "this file"})
	sort.Slice(p.Artefacts, func(i, j int) bool { return p.Artefacts[i].Path < p.Artefacts[j].Path })
	return p, nil
}

// strategy splits the request's strategy into family and member-access
// variant, refusing what is neither.
func (r Request) strategy() (family, variant string, err error) {
	family, variant, _ = strings.Cut(r.Strategy, "/")
	known := false
	for _, f := range Families() {
		known = known || f == family
	}
	if !known {
		return "", "", fmt.Errorf("STRATEGY: expected one of %s (or org-trail/<member access>), got %q", strings.Join(Families(), ", "), r.Strategy)
	}
	if r.MemberAccess != "" {
		if variant != "" && variant != r.MemberAccess {
			return "", "", fmt.Errorf("--member-access: expected %s as the strategy says, got %q", variant, r.MemberAccess)
		}
		variant = r.MemberAccess
	}
	if variant != "" && family != model.OrgTrail {
		return "", "", fmt.Errorf("--member-access: expected no member access for %s (it is an org-trail setting), got %q", family, variant)
	}
	if family == model.OrgTrail && variant == "" {
		variant = model.AccessNone
	}
	if family == model.OrgTrail && !contains(model.MemberAccessVariants, variant) {
		return "", "", fmt.Errorf("--member-access: expected one of %s, got %q", strings.Join(model.MemberAccessVariants, ", "), variant)
	}
	return family, variant, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
