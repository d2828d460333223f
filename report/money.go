package report

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
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
	if f, ok := roundExact(v, places); ok {
		return f
	}
	f, _ := strconv.ParseFloat(fixed(v, places), 64)
	return f
}

// pow10 holds the powers of ten a float64 holds exactly, and more.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// roundExact is round without writing v out, when v × 10^places is below
// 2^52: the written number is v × 10^places rounded to a whole n (half to
// even, as strconv rounds an exact tie), and reading "n / 10^places" back
// gives the float64 nearest to it, which is what dividing n by 10^places
// gives, both being exact. The product is computed exactly as the rounded
// p plus its error e (a fused multiply-add): p, the whole numbers and the
// halves between them are all float64s, so x = p + e, which rounds to p,
// lies on the same side of each of them as p unless p is one; p on a half,
// e decides.
func roundExact(v float64, places int) (float64, bool) {
	if places < 0 || places >= len(pow10) {
		return 0, false
	}
	scale := pow10[places]
	p := v * scale
	if !(math.Abs(p) < 1<<52) { // NaN too
		return 0, false
	}
	e := math.FMA(v, scale, -p)
	n := math.RoundToEven(p)
	if fl := math.Floor(p); p-fl == 0.5 && e != 0 {
		n = fl
		if e > 0 {
			n++
		}
	}
	if n == 0 {
		return 0, true // never negative zero: fixed writes none
	}
	return n / scale, true
}

// money is v as a Money, rounded to its four places.
func money(v float64) Money { return Money(round(v, 4)) }

// MaxAmount bounds every amount a report holds, in the report's currency:
// a hundred trillion, a thousand times the world's yearly cloud spending, so
// nothing real comes near it. In 1/10,000ths it is 1e18, below int64's
// 9.2e18: any amount converts exactly, and the engine's sums (of a
// strategy's lines, whose absolute costs together are bounded by it too)
// cannot wrap. A figure beyond it, or not finite, is an error naming it.
const MaxAmount = 1e14

// toUnits is v in 1/10,000ths, rounded; v is within MaxAmount (checked
// when the document was built or read).
func toUnits(v float64) int64 { return int64(math.Round(v * moneyScale)) }

// fromUnits is the Money of n 1/10,000ths, exactly as it is written.
func fromUnits(n int64) Money {
	if n > -1<<53 && n < 1<<53 {
		// n and 10,000 are exact float64s: their quotient is the float64
		// nearest to n/10,000, as reading the written amount back gives
		return Money(float64(n) / moneyScale)
	}
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
	parts, _ := spreadInto(amount, w, total, nil)
	return parts
}

// spreadInto is spread with a scratch buffer to reuse, returned grown.
func spreadInto(amount int64, w []uint64, total uint64, scratch []uint64) ([]int64, []uint64) {
	if total == 0 {
		return nil, scratch
	}
	neg := amount < 0
	a := uint64(amount)
	if neg {
		a = uint64(-amount)
	}
	parts := make([]int64, len(w))
	scratch = slices.Grow(scratch[:0], 2*len(w))
	rems := scratch[:len(w)]
	var given uint64
	nonzero := 0
	ft := float64(total)
	for i, x := range w {
		rems[i] = 0
		if x == 0 {
			continue
		}
		nonzero++
		hi, lo := bits.Mul64(a, x)
		var q, r uint64
		if hi == 0 && lo < 1<<53 && total < 1<<53 {
			// lo and total are exact float64s: their quotient, rounded
			// and truncated, is the whole quotient or one more
			q = uint64(float64(lo) / ft)
			if q*total > lo {
				q--
			}
			r = lo - q*total
		} else if hi < total {
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
		if left < uint64(nonzero) {
			// With total the sum of the weights, always: the remainders
			// add up to left × total, each below total. The parts with the
			// left largest remainders get one unit each: those above the
			// left-th largest remainder, then the earliest of those equal
			// to it.
			threshold := nthLargest(w, rems, int(left), scratch[len(w):len(w)])
			above := 0
			for i, x := range w {
				if x > 0 && rems[i] > threshold {
					above++
				}
			}
			ties := int(left) - above
			for i, x := range w {
				switch {
				case x == 0:
				case rems[i] > threshold:
					parts[i]++
				case rems[i] == threshold && ties > 0:
					parts[i]++
					ties--
				}
			}
		} else {
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
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts, scratch
}

// nthLargest is the k-th largest (1-based) of the remainders of the
// nonzero weights, 1 ≤ k ≤ their number; xs is a buffer to use.
func nthLargest(w, rems []uint64, k int, xs []uint64) uint64 {
	xs = xs[:0]
	for i, x := range w {
		if x > 0 {
			xs = append(xs, rems[i])
		}
	}
	// quickselect for the element that sorts at index len−k ascending
	target := len(xs) - k
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// median of three as the pivot
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case target <= j:
			hi = j
		case target >= i:
			lo = i
		default:
			return xs[target]
		}
	}
	return xs[target]
}
