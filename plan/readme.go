package plan

import (
	"fmt"
	"strings"
)

// readme is DIR/README.md: what was planned on which inputs, each file
// and how to apply it, and the notes. Lines stay within 80 columns.
func (o *org) readme(p *Plan) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# trailwise plan %s\n\n", p.Strategy)
	b.WriteString(wrap("Artefacts that put this strategy in place as the scenario priced it. Review them, replace nothing silently, and apply them with the commands below (or the equivalent in your own tooling). trailwise calls no AWS API to write them.", ""))
	b.WriteString("\n## Inputs\n\n")
	inputs := []string{
		"organization: " + o.id + ", management account " + o.management,
		"log archive account: " + o.logArchive,
		fmt.Sprintf("accounts: %d active", len(o.accounts)),
		"regions measured: " + strings.Join(o.regions, ", "),
		"pricing region: " + o.s.Region,
	}
	if p.Strategy != "trails-lake" {
		inputs = append(inputs, "central bucket: "+o.bucket)
	}
	if p.Strategy != "trails-lake" && p.Strategy != "trails-replication" {
		inputs = append(inputs, "organization trail: "+o.trailARN())
	}
	for _, l := range inputs {
		b.WriteString(wrap(l, "- "))
	}
	b.WriteString("\n## Files\n\n")
	for _, a := range p.Artefacts {
		switch {
		case a.Path == "README.md":
		case a.About == "":
		default:
			b.WriteString(wrap("`"+a.Path+"`: "+a.About, "- "))
		}
	}
	if strings.HasPrefix(p.Strategy, "trails-replication") {
		b.WriteString(wrap("`accounts/<id>/`: per account, in that account: create the role "+ReplicationRoleName+" with replication-role-trust.json and replication-role-policy.json, then aws s3api put-bucket-replication --cli-input-json file://replication.json and put-bucket-lifecycle-configuration --cli-input-json file://lifecycle.json", "- "))
	}
	if p.Strategy == "security-lake" {
		b.WriteString("\nRegions: " + strings.Join(o.securityLakeRegions(), ", ") + "; roll-up region " + o.s.SecurityLake.RollupRegion + ".\n")
	}
	if len(p.Notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range p.Notes {
			b.WriteString(wrap(n, "- "))
		}
	}
	return []byte(b.String())
}

// wrap fills text to 80 columns behind a bullet, continuation lines
// indented under it (a word longer than a line stays whole).
func wrap(text, bullet string) string {
	indent := strings.Repeat(" ", len(bullet))
	var b strings.Builder
	line, empty := bullet, true
	for _, w := range strings.Fields(text) {
		if !empty && len(line)+1+len(w) > 80 {
			b.WriteString(line + "\n")
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += w
		empty = false
	}
	return b.String() + line + "\n"
}
