package awscollect

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/trailwise/trailwise/model"
)

// Org is what Organizations says about the organization.
type Org struct {
	ID                string
	ManagementAccount string
	Accounts          []model.Account // sorted by id, with OU paths ("Root/Prod/Web")
}

// collectOrg reads the organization, its accounts and their OU paths:
// DescribeOrganization, ListAccounts, and a walk of the tree with ListRoots,
// ListOrganizationalUnitsForParent and ListAccountsForParent.
func collectOrg(ctx context.Context, c *organizations.Client) (*Org, error) {
	d, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		return nil, fmt.Errorf("organizations: DescribeOrganization: %s", reason(err))
	}
	org := &Org{ID: aws.ToString(d.Organization.Id), ManagementAccount: aws.ToString(d.Organization.MasterAccountId)}

	byID := map[string]*model.Account{}
	p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
	seen := tokens{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err == nil {
			err = seen.repeated(page.NextToken)
		}
		if err != nil {
			return nil, fmt.Errorf("organizations: ListAccounts: %s", reason(err))
		}
		for _, a := range page.Accounts {
			status := string(a.State)
			if status == "" {
				status = string(a.Status)
			}
			switch status {
			case "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED":
			default: // PENDING_ACTIVATION: joining, treat as active
				status = "ACTIVE"
			}
			byID[aws.ToString(a.Id)] = &model.Account{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name), Status: status}
		}
	}

	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		return nil, fmt.Errorf("organizations: ListRoots: %s", reason(err))
	}
	var walk func(parent, path string) error
	walk = func(parent, path string) error {
		ap := organizations.NewListAccountsForParentPaginator(c, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent)})
		seen := tokens{}
		for ap.HasMorePages() {
			page, err := ap.NextPage(ctx)
			if err == nil {
				err = seen.repeated(page.NextToken)
			}
			if err != nil {
				return fmt.Errorf("organizations: ListAccountsForParent %s: %s", parent, reason(err))
			}
			for _, a := range page.Accounts {
				if acct, ok := byID[aws.ToString(a.Id)]; ok {
					acct.OU = path
				}
			}
		}
		op := organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
		seenOU := tokens{}
		for op.HasMorePages() {
			page, err := op.NextPage(ctx)
			if err == nil {
				err = seenOU.repeated(page.NextToken)
			}
			if err != nil {
				return fmt.Errorf("organizations: ListOrganizationalUnitsForParent %s: %s", parent, reason(err))
			}
			for _, ou := range page.OrganizationalUnits {
				if err := walk(aws.ToString(ou.Id), path+"/"+aws.ToString(ou.Name)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, r := range roots.Roots {
		if err := walk(aws.ToString(r.Id), aws.ToString(r.Name)); err != nil {
			return nil, err
		}
	}
	for _, a := range byID {
		org.Accounts = append(org.Accounts, *a)
	}
	sort.Slice(org.Accounts, func(i, j int) bool { return org.Accounts[i].ID < org.Accounts[j].ID })
	return org, nil
}
