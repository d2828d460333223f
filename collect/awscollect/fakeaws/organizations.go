package fakeaws

// organizations answers the Organizations actions the collectors call.
func (f *Fake) organizations(c Call, op string, in map[string]any) (any, *apiError) {
	w := f.World()
	if c.Account != w.ManagementAccount {
		return nil, newErr(400, "AccessDeniedException", "You don't have permissions to access this resource.")
	}
	switch op {
	case "DescribeOrganization":
		return map[string]any{"Organization": map[string]any{
			"Id":                 w.OrgID,
			"Arn":                "arn:aws:organizations::" + w.ManagementAccount + ":organization/" + w.OrgID,
			"FeatureSet":         "ALL",
			"MasterAccountArn":   "arn:aws:organizations::" + w.ManagementAccount + ":account/" + w.OrgID + "/" + w.ManagementAccount,
			"MasterAccountId":    w.ManagementAccount,
			"MasterAccountEmail": "management@example.com",
		}}, nil
	case "ListAccounts":
		return f.accountPage(w, w.Accounts, str(in, "NextToken"))
	case "ListRoots":
		return map[string]any{"Roots": []map[string]any{{
			"Id":   w.RootID,
			"Arn":  "arn:aws:organizations::" + w.ManagementAccount + ":root/" + w.OrgID + "/" + w.RootID,
			"Name": "Root",
		}}}, nil
	case "ListOrganizationalUnitsForParent":
		parent := str(in, "ParentId")
		var ous []map[string]any
		for _, ou := range w.OUs {
			if ou.Parent == parent {
				ous = append(ous, map[string]any{
					"Id":   ou.ID,
					"Arn":  "arn:aws:organizations::" + w.ManagementAccount + ":ou/" + w.OrgID + "/" + ou.ID,
					"Name": ou.Name,
				})
			}
		}
		items, next, err := page(ous, str(in, "NextToken"), w.PageSize)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"OrganizationalUnits": nonNil(items)}, "NextToken", next), nil
	case "ListAccountsForParent":
		parent := str(in, "ParentId")
		var accts []Account
		for _, a := range w.Accounts {
			if a.Parent == parent {
				accts = append(accts, a)
			}
		}
		return f.accountPage(w, accts, str(in, "NextToken"))
	}
	return nil, newErr(400, "UnknownOperationException", "not faked: organizations:"+op)
}

func (f *Fake) accountPage(w World, accts []Account, token string) (any, *apiError) {
	items, next, err := page(accts, token, w.PageSize)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(items))
	for _, a := range items {
		out = append(out, map[string]any{
			"Id":              a.ID,
			"Arn":             "arn:aws:organizations::" + w.ManagementAccount + ":account/" + w.OrgID + "/" + a.ID,
			"Email":           a.Email,
			"Name":            a.Name,
			"Status":          a.Status,
			"State":           a.Status,
			"JoinedMethod":    "CREATED",
			"JoinedTimestamp": 1.7e9,
		})
	}
	return withToken(map[string]any{"Accounts": out}, "NextToken", next), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
