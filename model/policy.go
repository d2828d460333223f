package model

import (
	"encoding/json"
	"fmt"
)

// BucketPolicyLimit is the most bytes an S3 bucket policy may hold.
// Source: Amazon S3 User Guide, "Bucket policies": 20 KB.
const BucketPolicyLimit = 20 * 1024

type policyDoc struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    any            `json:"Action"`
	Resource  any            `json:"Resource"`
	Condition map[string]any `json:"Condition,omitempty"`
}

// CentralBucketPolicy is the central trail bucket's policy for an
// org-trail member-access variant: CloudTrail's own two statements, plus
// what lets member accounts read their own prefix. per-account-policy writes
// one statement per account (every new account is another edit);
// policy-variable writes one statement for all, with ${aws:PrincipalAccount}
// in the Resource and an aws:PrincipalOrgID condition. It is compact JSON, as
// S3 counts policy size without white space.
func CentralBucketPolicy(variant, bucket, orgID, managementAccount string, accounts []string) string {
	arn := "arn:aws:s3:::" + bucket
	doc := policyDoc{Version: "2012-10-17", Statement: []policyStatement{
		{Sid: "AWSCloudTrailAclCheck", Effect: "Allow", Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
			Action: "s3:GetBucketAcl", Resource: arn},
		{Sid: "AWSCloudTrailWrite", Effect: "Allow", Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
			Action:    "s3:PutObject",
			Resource:  []string{arn + "/AWSLogs/" + managementAccount + "/*", arn + "/AWSLogs/" + orgID + "/*"},
			Condition: map[string]any{"StringEquals": map[string]string{"s3:x-amz-acl": "bucket-owner-full-control"}}},
	}}
	switch variant {
	case AccessPerAccountPolicy:
		for _, a := range accounts {
			doc.Statement = append(doc.Statement, policyStatement{
				Sid: "MemberRead" + a, Effect: "Allow",
				Principal: map[string]any{"AWS": "arn:aws:iam::" + a + ":root"},
				Action:    []string{"s3:GetObject"},
				Resource:  arn + "/AWSLogs/" + orgID + "/" + a + "/*",
			}, policyStatement{
				Sid: "MemberList" + a, Effect: "Allow",
				Principal: map[string]any{"AWS": "arn:aws:iam::" + a + ":root"},
				Action:    "s3:ListBucket",
				Resource:  arn,
				Condition: map[string]any{"StringLike": map[string]string{"s3:prefix": "AWSLogs/" + orgID + "/" + a + "/*"}},
			})
		}
	case AccessPolicyVariable:
		doc.Statement = append(doc.Statement, policyStatement{
			Sid: "MembersReadOwnPrefix", Effect: "Allow", Principal: map[string]any{"AWS": "*"},
			Action:    "s3:GetObject",
			Resource:  arn + "/AWSLogs/" + orgID + "/${aws:PrincipalAccount}/*",
			Condition: map[string]any{"StringEquals": map[string]string{"aws:PrincipalOrgID": orgID}},
		}, policyStatement{
			Sid: "MembersListOwnPrefix", Effect: "Allow", Principal: map[string]any{"AWS": "*"},
			Action:   "s3:ListBucket",
			Resource: arn,
			Condition: map[string]any{
				"StringEquals": map[string]string{"aws:PrincipalOrgID": orgID},
				"StringLike":   map[string]string{"s3:prefix": "AWSLogs/" + orgID + "/${aws:PrincipalAccount}/*"},
			},
		})
	}
	out, _ := json.Marshal(doc) // plain strings and maps: cannot fail
	return string(out)
}

// policyGate says why a member-access variant cannot be used as is, or "".
func policyGate(variant, bucket, orgID, managementAccount string, accounts []string) string {
	size := len(CentralBucketPolicy(variant, bucket, orgID, managementAccount, accounts))
	if size <= BucketPolicyLimit {
		return ""
	}
	return fmt.Sprintf("the central bucket policy would need %d statements (%s bytes) for %d accounts, over S3's %s-byte bucket-policy limit; use policy-variable or Lake Formation",
		2+2*len(accounts), groupDigits(float64(size)), len(accounts), groupDigits(BucketPolicyLimit))
}
