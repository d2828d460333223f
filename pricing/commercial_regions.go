package pricing

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// commercialRegion is an AWS commercial region, its geography and the
// rough position of its metro area: enough to name the nearest regions
// that have a book. GovCloud and China are separate partitions with their
// own prices and are not listed.
type commercialRegion struct {
	Geography string
	Lat, Lon  float64
}

// commercialRegions lists the commercial regions (AWS Global
// Infrastructure, "Regions and Availability Zones"), each with its
// geography and the approximate latitude and longitude of its city.
var commercialRegions = map[string]commercialRegion{
	"us-east-1":      {"North America", 38.9, -77.4},  // N. Virginia
	"us-east-2":      {"North America", 40.0, -83.0},  // Ohio
	"us-west-1":      {"North America", 37.4, -121.9}, // N. California
	"us-west-2":      {"North America", 45.8, -119.7}, // Oregon
	"ca-central-1":   {"North America", 45.5, -73.6},  // Montreal
	"ca-west-1":      {"North America", 51.0, -114.1}, // Calgary
	"mx-central-1":   {"North America", 20.6, -100.4}, // Querétaro
	"sa-east-1":      {"South America", -23.5, -46.6}, // São Paulo
	"eu-west-1":      {"Europe", 53.3, -6.3},          // Ireland
	"eu-west-2":      {"Europe", 51.5, -0.1},          // London
	"eu-west-3":      {"Europe", 48.9, 2.4},           // Paris
	"eu-central-1":   {"Europe", 50.1, 8.7},           // Frankfurt
	"eu-central-2":   {"Europe", 47.4, 8.5},           // Zurich
	"eu-north-1":     {"Europe", 59.3, 18.1},          // Stockholm
	"eu-south-1":     {"Europe", 45.5, 9.2},           // Milan
	"eu-south-2":     {"Europe", 41.6, -0.9},          // Spain
	"ap-east-1":      {"Asia Pacific", 22.3, 114.2},   // Hong Kong
	"ap-east-2":      {"Asia Pacific", 25.0, 121.5},   // Taipei
	"ap-northeast-1": {"Asia Pacific", 35.7, 139.7},   // Tokyo
	"ap-northeast-2": {"Asia Pacific", 37.6, 127.0},   // Seoul
	"ap-northeast-3": {"Asia Pacific", 34.7, 135.5},   // Osaka
	"ap-southeast-1": {"Asia Pacific", 1.35, 103.8},   // Singapore
	"ap-southeast-2": {"Asia Pacific", -33.9, 151.2},  // Sydney
	"ap-southeast-3": {"Asia Pacific", -6.2, 106.8},   // Jakarta
	"ap-southeast-4": {"Asia Pacific", -37.8, 145.0},  // Melbourne
	"ap-southeast-5": {"Asia Pacific", 3.1, 101.7},    // Malaysia
	"ap-southeast-6": {"Asia Pacific", -36.8, 174.8},  // New Zealand
	"ap-southeast-7": {"Asia Pacific", 13.8, 100.5},   // Thailand
	"ap-south-1":     {"Asia Pacific", 19.1, 72.9},    // Mumbai
	"ap-south-2":     {"Asia Pacific", 17.4, 78.5},    // Hyderabad
	"af-south-1":     {"Africa", -33.9, 18.4},         // Cape Town
	"me-south-1":     {"Middle East", 26.1, 50.6},     // Bahrain
	"me-central-1":   {"Middle East", 24.5, 54.4},     // UAE
	"il-central-1":   {"Middle East", 32.1, 34.8},     // Tel Aviv
}

// IsCommercialRegion says whether region is an AWS commercial region.
func IsCommercialRegion(region string) bool {
	_, ok := commercialRegions[region]
	return ok
}

// CommercialRegions lists the commercial regions, sorted.
func CommercialRegions() []string {
	out := make([]string, 0, len(commercialRegions))
	for r := range commercialRegions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Nearest lists up to n of the given regions closest to region: those in
// the same geography first, then the others, each group by distance.
func Nearest(region string, among []string, n int) []string {
	from, ok := commercialRegions[region]
	if !ok {
		return nil
	}
	type cand struct {
		region string
		other  bool
		km     float64
	}
	var cands []cand
	for _, r := range among {
		to, ok := commercialRegions[r]
		if !ok || r == region {
			continue
		}
		cands = append(cands, cand{r, to.Geography != from.Geography, distanceKm(from, to)})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].other != cands[j].other {
			return !cands[i].other
		}
		return cands[i].km < cands[j].km
	})
	out := make([]string, 0, n)
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, c.region)
	}
	return out
}

// distanceKm is the great-circle distance between two regions' cities.
func distanceKm(a, b commercialRegion) float64 {
	const earthKm = 6371
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(h))
}

// noBookError is the one-line answer for a region without a book.
func noBookError(region string) error {
	have := Regions()
	if !IsCommercialRegion(region) {
		return fmt.Errorf("no price book for %q: not an AWS commercial region; books exist for %s", region, strings.Join(have, ", "))
	}
	near := Nearest(region, have, 3)
	return fmt.Errorf("no price book for %s (%s); nearest with a book: %s; or build one with 'trailwise pricing refresh --region %s'",
		region, commercialRegions[region].Geography, strings.Join(near, ", "), region)
}
