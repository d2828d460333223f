package model

import (
	"fmt"
	"sort"

	"github.com/trailwise/trailwise/pricing"
)

// Transfer between regions is billed at the rate of the region the bytes
// leave (AWS data transfer pricing: "data transferred out from" a region
// to another region; usage type <from>-<to>-AWS-Out-Bytes). Security Lake's
// roll-up sends every contributing region's data to the roll-up region.

// rollupTransfer prices the roll-up to the roll-up region, one line per
// contributing region at that region's rate. gb is the month's GB leaving
// every region but the roll-up's; each region takes its share of the
// measured event bytes.
func (e *engine) rollupTransfer(b *bill, m int, gb quantityFn) {
	rollup := e.s.SecurityLake.RollupRegion
	for _, rs := range e.regionShares(rollup) {
		share := rs.share
		priced, note := e.transferRateFrom(rs.region)
		b.addPriced(m, line{
			component: "s3.replication_transfer", payer: PayerLogArchive, qualifier: "roll-up from " + rs.region + " to " + rollup,
			quantity: func(in *inputs) float64 { return gb(in) * share }, note: note,
		}, priced)
	}
}

// regionShare is one region's share of the event bytes outside a region.
type regionShare struct {
	region string
	share  float64
}

// regionShares splits the organization's event bytes outside except among
// their regions, by the measured accounts' daily means (the profile of
// added accounts where none is measured): a fixed split, the same in every
// month and Monte Carlo draw, which move the total, not the shares.
func (e *engine) regionShares(except string) []regionShare {
	bytes := map[string]float64{}
	for i, regions := range e.p.Regions {
		for k, r := range regions {
			bytes[r] += e.p.regionVol[i][k].EventBytes
		}
	}
	if len(bytes) == 0 {
		for r, v := range e.p.NewProfile {
			bytes[r] = v.EventBytes
		}
	}
	delete(bytes, except)
	var out []regionShare
	total := 0.0
	for r, v := range bytes {
		if v > 0 {
			out = append(out, regionShare{r, v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].region < out[j].region })
	for _, rs := range out {
		total += rs.share
	}
	for i := range out {
		out[i].share /= total
	}
	return out
}

// transferRateFrom is the inter-region transfer rate out of region: from
// that region's price book, or, without one, the pricing book's own rate,
// marked as a fallback with a note saying so. Either way the line names
// the rate id@region, so the price sources list it, fallback mark and
// all, apart from the pricing book's own rate (the same id, unmarked).
func (e *engine) transferRateFrom(region string) (pricing.Priced, string) {
	const id = "s3.inter_region_transfer"
	if region != e.book.Region {
		if r, err := e.book.Rate(pricing.RegionRateID(id, region)); err == nil {
			if r.NoBook != "" {
				return r, fmt.Sprintf("no price book for %s, where the bytes leave: priced at %s's rate", region, e.book.Region)
			}
			return r, "rate of " + region + ", where the bytes leave"
		}
	}
	r, err := e.book.Rate(id)
	if err != nil && e.err == nil {
		e.err = err
	}
	if region == e.book.Region {
		return r, ""
	}
	r.FromFallback = true
	return r, fmt.Sprintf("no price book for %s, where the bytes leave: priced at %s's rate", region, e.book.Region)
}
