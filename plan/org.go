package plan

import (
	"sort"

	"github.com/trailwise/trailwise/model"
)

// org is what every artefact is written for: the organization, its
// accounts and regions, the names of the things the strategy creates.
type org struct {
	r          Request
	s          model.Scenario
	id         string // o-…
	management string
	logArchive string
	accounts   []string // active accounts, the management account included
	regions    []string // every region the dataset measured, sorted
	bucket     string   // the central bucket
	trailName  string
	trailHome  string // the organization trail's home region
	// accountBuckets are the account trails' buckets, by account, where the
	// dataset names one.
	accountBuckets map[string]string
	accountHomes   map[string]string
}

func newOrg(r Request) *org {
	d, s := r.Dataset, r.Scenario
	o := &org{r: r, s: s, id: d.Organization.ID, management: d.Organization.ManagementAccount,
		logArchive: s.LogArchiveAccount, trailName: "organization-trail", trailHome: s.Region,
		accountBuckets: map[string]string{}, accountHomes: map[string]string{}}
	for _, a := range d.Accounts {
		if a.Status == "ACTIVE" {
			o.accounts = append(o.accounts, a.ID)
		}
	}
	seen := map[string]bool{}
	for u := range d.Rows() {
		if !seen[u.Region] {
			seen[u.Region] = true
			o.regions = append(o.regions, u.Region)
		}
	}
	sort.Strings(o.regions)
	for _, t := range d.Trails {
		switch {
		case t.Organization && o.bucket == "":
			o.bucket, o.trailName, o.trailHome = t.Bucket, t.Name, t.HomeRegion
		case !t.Organization && t.Bucket != "" && o.accountBuckets[t.Account] == "":
			o.accountBuckets[t.Account], o.accountHomes[t.Account] = t.Bucket, t.HomeRegion
		}
	}
	if o.bucket == "" {
		o.bucket = "org-cloudtrail-" + o.logArchive
	}
	if r.Bucket != "" {
		o.bucket = r.Bucket
	}
	return o
}

// bucketARN is the central bucket's ARN.
func (o *org) bucketARN() string { return "arn:aws:s3:::" + o.bucket }

// trailARN is the organization trail's ARN: the management account owns
// an organization trail, whoever created it.
func (o *org) trailARN() string {
	return "arn:aws:cloudtrail:" + o.trailHome + ":" + o.management + ":trail/" + o.trailName
}

// accountBucket is an account trail's bucket: the dataset's, else a name
// of the same pattern.
func (o *org) accountBucket(account string) string {
	if b := o.accountBuckets[account]; b != "" {
		return b
	}
	return "cloudtrail-" + account
}

// accountHome is the region of an account's trail bucket.
func (o *org) accountHome(account string) string {
	if h := o.accountHomes[account]; h != "" {
		return h
	}
	return o.s.Region
}
