package report

import (
	"math"
	"math/big"
	"math/bits"
	"sort"
	"strconv"
)

// Amounts are added up in units of the last written place (1/10,000 of the
// currency), as integers, so the sums are exact: what the JSON says the
// parts are adds up to what it says the whole is.

const moneyScale = 10_000

// Share is an account's share of a driver, from 0 to 1, written as a
// decimal string with eight places.
type Share float64

func (s Share) MarshalJSON() ([]byte, error)  { return quote(float64(s), 8), nil }
func (s *Share) UnmarshalJSON(b []byte) error { return unquote(b, (*float64)(s)) }

// round is v as it reads back after being written with the given places.
func round(v float64, places int) float64 {
	f, _ := strconv.ParseFloat(fixed(v, places), 64)
	return f
}

// money is v as a Money, rounded to its four places.
func money(v float64) Money { return Money(round(v, 4)) }

// toUnits is v in 1/10,000ths, rounded.
func toUnits(v float64) int64 { return int64(math.Round(v * moneyScale)) }

// fromUnits is the Money of n 1/10,000ths, exactly as it is written.
func fromUnits(n int64) Money {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n/moneyScale, 10) + "." + strconv.FormatInt(moneyScale+n%moneyScale, 10)[1:]
	if neg && n != 0 {
		s = "-" + s
	}
	f, _ := strconv.ParseFloat(s, 64)
	return Money(f)
}

// Units is the amount in 1/10,000ths, exactly.
func (m Money) Units() int64 { return toUnits(float64(m)) }

// shareUnits are shares in units of their last written place.
func shareUnits(shares []Share) ([]uint64, uint64) {
	w := make([]uint64, len(shares))
	var total uint64
	for i, s := range shares {
		if s > 0 {
			w[i] = uint64(math.Round(float64(s) * 1e8))
		}
		total += w[i]
	}
	return w, total
}

// spread divides amount (in units) over the weights in proportion, exactly:
// each part is rounded down and the units left over go one each to the
// parts with the largest remainders (the earlier first on a tie). All-zero
// weights spread nothing and return nil.
func spread(amount int64, w []uint64, total uint64) []int64 {
	if total == 0 {
		return nil
	}
	neg := amount < 0
	a := uint64(amount)
	if neg {
		a = uint64(-amount)
	}
	parts := make([]int64, len(w))
	rems := make([]uint64, len(w))
	var given uint64
	for i, x := range w {
		if x == 0 {
			continue
		}
		hi, lo := bits.Mul64(a, x)
		var q, r uint64
		if hi < total {
			q, r = bits.Div64(hi, lo, total)
		} else { // cannot happen with x ≤ total; kept exact anyway
			p := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(x))
			qq, rr := p.QuoRem(p, new(big.Int).SetUint64(total), new(big.Int))
			q, r = qq.Uint64(), rr.Uint64()
		}
		parts[i], rems[i] = int64(q), r
		given += q
	}
	if left := a - given; left > 0 {
		order := make([]int, 0, len(w))
		for i, x := range w {
			if x > 0 {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(i, j int) bool { return rems[order[i]] > rems[order[j]] })
		for k := uint64(0); k < left; k++ {
			parts[order[int(k)%len(order)]]++
		}
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts
}
