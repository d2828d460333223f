// Package fakepricelist is a local stand-in for the AWS Price List Query
// API, for tests: it answers GetProducts (JSON 1.1, target
// AWSPriceListService.GetProducts) from products held in memory, applies
// TERM_MATCH filters to their attributes, and pages with NextToken.
package fakepricelist

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
)

// Product is one product with its on-demand terms.
type Product struct {
	Service    string
	SKU        string
	Attributes map[string]string
	Terms      []Term
}

// Term is one on-demand offer term.
type Term struct {
	Code          string // offer term code, e.g. JRTCKXETXF
	EffectiveDate string // 2026-06-01T00:00:00Z
	Dimensions    []Dimension
}

// Dimension is one price dimension: a tier when it has ranges.
type Dimension struct {
	Begin, End  string // "0", "51200", "Inf"
	Unit        string
	USD         string
	Description string
}

// Server is the fake API.
type Server struct {
	*httptest.Server
	PageSize int // products a page; 0 means 100

	mu       sync.Mutex
	products []Product
	calls    int
}

// New starts a fake serving the products.
func New(products []Product) *Server {
	s := &Server{products: products}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// Calls is how many GetProducts requests the fake answered.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

type filter struct {
	Field, Type, Value string
}

type request struct {
	ServiceCode string
	Filters     []filter
	NextToken   string
	MaxResults  int
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get("X-Amz-Target"); got != "AWSPriceListService.GetProducts" {
		fail(w, http.StatusBadRequest, "UnknownOperationException", "target "+got)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		fail(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	var match []Product
	for _, p := range s.products {
		if p.Service == req.ServiceCode && matches(p, req.Filters) {
			match = append(match, p)
		}
	}
	sort.Slice(match, func(i, j int) bool { return match[i].SKU < match[j].SKU })
	start, _ := strconv.Atoi(req.NextToken)
	size := s.PageSize
	if size == 0 {
		size = 100
	}
	end := min(start+size, len(match))
	out := map[string]any{"FormatVersion": "aws_v1", "PriceList": []string{}}
	var list []string
	for _, p := range match[min(start, end):end] {
		list = append(list, encode(p))
	}
	if list != nil {
		out["PriceList"] = list
	}
	if end < len(match) {
		out["NextToken"] = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(out)
}

func matches(p Product, filters []filter) bool {
	for _, f := range filters {
		if f.Type != "TERM_MATCH" || p.Attributes[f.Field] != f.Value {
			return false
		}
	}
	return true
}

// encode writes a product as the API does: a JSON document in a string,
// terms.OnDemand keyed SKU.TERM, priceDimensions keyed SKU.TERM.RATE.
func encode(p Product) string {
	onDemand := map[string]any{}
	for _, t := range p.Terms {
		dims := map[string]any{}
		for i, d := range t.Dimensions {
			code := fmt.Sprintf("%s.%s.RATE%d", p.SKU, t.Code, i)
			dims[code] = map[string]any{
				"unit": d.Unit, "beginRange": d.Begin, "endRange": d.End, "description": d.Description,
				"rateCode": code, "appliesTo": []string{}, "pricePerUnit": map[string]string{"USD": d.USD},
			}
		}
		onDemand[p.SKU+"."+t.Code] = map[string]any{
			"priceDimensions": dims, "sku": p.SKU, "effectiveDate": t.EffectiveDate,
			"offerTermCode": t.Code, "termAttributes": map[string]string{},
		}
	}
	doc := map[string]any{
		"product":         map[string]any{"productFamily": "Fake", "attributes": p.Attributes, "sku": p.SKU},
		"serviceCode":     p.Service,
		"terms":           map[string]any{"OnDemand": onDemand},
		"version":         "20261101000000",
		"publicationDate": "2026-11-01T00:00:00Z",
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}
