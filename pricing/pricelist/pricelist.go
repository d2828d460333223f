// Package pricelist builds a price book from the AWS Price List Query API
// (GetProducts): the code that calls AWS lives here, so package pricing
// imports no AWS client. What each rate is in the Price List is the table
// in mapping.go.
package pricelist

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awspricing "github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/aws-sdk-go-v2/service/pricing/types"
)

// API is the one call refresh makes; *awspricing.Client has it.
type API interface {
	GetProducts(ctx context.Context, in *awspricing.GetProductsInput, opts ...func(*awspricing.Options)) (*awspricing.GetProductsOutput, error)
}

// IAMActions are the IAM actions refresh needs.
var IAMActions = []string{"pricing:GetProducts"}

// Endpoint region: the Price List Query API answers in us-east-1 (and a
// few others); its prices cover every region.
const APIRegion = "us-east-1"

// product is one PriceList entry as GetProducts returns it: a JSON string
// with the product's attributes and its terms.
type product struct {
	Product struct {
		SKU        string            `json:"sku"`
		Attributes map[string]string `json:"attributes"`
	} `json:"product"`
	ServiceCode string `json:"serviceCode"`
	Terms       struct {
		OnDemand map[string]term `json:"OnDemand"`
	} `json:"terms"`
}

type term struct {
	SKU             string               `json:"sku"`
	EffectiveDate   string               `json:"effectiveDate"`
	OfferTermCode   string               `json:"offerTermCode"`
	PriceDimensions map[string]dimension `json:"priceDimensions"`
}

type dimension struct {
	BeginRange   string            `json:"beginRange"`
	EndRange     string            `json:"endRange"`
	Unit         string            `json:"unit"`
	Description  string            `json:"description"`
	PricePerUnit map[string]string `json:"pricePerUnit"`
}

// fetch reads every product of a service that matches the filters,
// following NextToken to the last page.
func fetch(ctx context.Context, api API, service string, filters map[string]string) ([]product, error) {
	in := &awspricing.GetProductsInput{ServiceCode: aws.String(service), FormatVersion: aws.String("aws_v1")}
	for _, field := range sortedKeys(filters) {
		in.Filters = append(in.Filters, types.Filter{Field: aws.String(field), Type: types.FilterTypeTermMatch, Value: aws.String(filters[field])})
	}
	var out []product
	pages := awspricing.NewGetProductsPaginator(api, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("price list %s: %w", service, err)
		}
		for i, raw := range page.PriceList {
			var p product
			if err := json.Unmarshal([]byte(raw), &p); err != nil {
				return nil, fmt.Errorf("price list %s: entry %d: %w", service, len(out)+i+1, err)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// NewClient is the Price List client for an AWS configuration; the
// configuration's region should be APIRegion.
func NewClient(cfg aws.Config) API { return awspricing.NewFromConfig(cfg) }
