package model

import "fmt"

// bucketStorage is a trail bucket's store under the scenario's lifecycle:
// one simulated store per size path with objects on it, each going through
// the tiers its objects can reach, billed as S3 bills each class.
type bucketStorage struct {
	tiers     []tierSpan // the lifecycle's tiers, Standard first
	paths     []bucketPath
	retention int
	minIA     float64 // bytes: Standard-IA and Glacier IR bill smaller objects at this size
	ovStd     float64 // bytes per archived object billed at Standard
	ovArc     float64 // bytes per archived object billed at the archive class
}

// bucketPath is the objects of one size path: their share of each month's
// writes, and where each of the bucket's tiers is in the path's own list
// (-1: the path's objects never enter it).
type bucketPath struct {
	path  sizePath
	key   string // the store's memo key
	spans []tierSpan
	at    []int // per bucket tier: index in spans, or -1
	mix   sizeMix
	// digests is the digest files a day per account and region on this
	// path (they all take one path: they are all about 1 KB)
	digests float64
}

// quantities a bucket line can ask for.
type bucketQuantity int

const (
	billedGBMonths bucketQuantity = iota
	transitions
	earlyGBMonths
)

// bucketStorage builds the store of a bucket that keeps objects retention
// days, once per retention.
func (e *engine) bucketStorage(retention int) *bucketStorage {
	if bs := e.buckets[retention]; bs != nil {
		return bs
	}
	bs := &bucketStorage{tiers: e.lifecycleTiers(), retention: retention}
	if len(bs.tiers) > 1 {
		bs.minIA = e.fact("s3_ia_min_billable_object_bytes")
		bs.ovStd = e.fact("s3_glacier_overhead_standard_bytes")
		bs.ovArc = e.fact("s3_glacier_overhead_archive_bytes")
	}
	digests := 0.0
	if e.s.LogFileValidation {
		digests = e.fact("digest_files_per_day")
	}
	if len(bs.tiers) == 1 { // no lifecycle: every object stays in Standard
		bs.addPath(pathStay, sizeMix{files: [nPaths]float64{pathStay: 1}, bytes: [nPaths]float64{pathStay: 1}}, true, digests)
	} else {
		r := e.sizeRule()
		mix := e.sizeMixOf(r)
		digestPath := r.pathOf(digestFileBytes)
		for p := range nPaths {
			if p == digestPath && digests > 0 || mix.files[p] > 0 || mix.bytes[p] > 0 {
				bs.addPath(p, mix, p == digestPath, digests)
			}
		}
	}
	if e.buckets == nil {
		e.buckets = map[int]*bucketStorage{}
	}
	e.buckets[retention] = bs
	return bs
}

func (bs *bucketStorage) addPath(p sizePath, mix sizeMix, digests bool, perRegionDay float64) {
	bp := bucketPath{path: p, key: fmt.Sprintf("s3:%d:%d", bs.retention, p), spans: pathTiers(bs.tiers, p), mix: mix}
	if digests {
		bp.digests = perRegionDay
	}
	for _, t := range bs.tiers {
		k := -1
		for i, sp := range bp.spans {
			if sp.Name == t.Name {
				k = i
			}
		}
		bp.at = append(bp.at, k)
	}
	bs.paths = append(bs.paths, bp)
}

// month is path bp's simulated store in month m on the inputs.
func (bs *bucketStorage) month(in *inputs, bp *bucketPath, m int) storageMonth {
	return in.store(bp.key, func() []storageMonth {
		return in.simulate(func(m int) (float64, float64) {
			v := in.vol[m]
			return bp.mix.bytes[bp.path] * v.StoredBytes / GiB,
				bp.mix.files[bp.path]*v.LogFiles + bp.digests*v.Regions
		}, bp.spans, bs.retention)
	})[m]
}

// quantity is one of tier t's quantities in month m, summed over the paths:
// GB-months billed (Standard-IA and Glacier IR at their minimum object
// size; the archive classes with their per-object metadata, whose Standard
// part falls on Standard), objects moved in, or the GB-months of
// early-deletion charges.
func (bs *bucketStorage) quantity(in *inputs, m, t int, q bucketQuantity) float64 {
	name := bs.tiers[t].Name
	sum := 0.0
	for i := range bs.paths {
		bp := &bs.paths[i]
		sm := bs.month(in, bp, m)
		if k := bp.at[t]; k >= 0 {
			switch q {
			case billedGBMonths:
				sum += bs.classGB(name, sm.GBMonth[k], sm.ObjectMonths[k])
			case transitions:
				sum += sm.Transitions[k]
			case earlyGBMonths:
				sum += bs.classGB(name, sm.EarlyGBMonth[k], sm.EarlyObjectMonths[k])
			}
		}
		if t == 0 && q == billedGBMonths {
			for a, k := range bp.at {
				if k >= 0 && isArchive(bs.tiers[a].Name) {
					sum += sm.ObjectMonths[k] * bs.ovStd / GiB
				}
			}
		}
	}
	return sum
}

// classGB is what a class bills for gb of objects (objects of them): every
// object of one path is on the same side of the minimum billable size, so
// the floor taken on the path's total is the floor of each object.
func (bs *bucketStorage) classGB(name string, gb, objects float64) float64 {
	switch name {
	case "s3.standard_ia", "s3.glacier_ir":
		return max(gb, objects*bs.minIA/GiB)
	case "s3.glacier_flexible", "s3.deep_archive":
		return gb + objects*bs.ovArc/GiB
	}
	return gb
}

// note says how tier t's storage line is billed in month m.
func (bs *bucketStorage) note(in *inputs, m, t int) string {
	name := bs.tiers[t].Name
	switch name {
	case "s3.standard":
		if len(bs.tiers) == 1 {
			return ""
		}
		stay, archived := 0.0, false
		for i := range bs.paths {
			bp := &bs.paths[i]
			if bp.path == pathStay {
				stay = bp.mix.files[pathStay]
			}
			for a, k := range bp.at {
				archived = archived || (k >= 0 && isArchive(bs.tiers[a].Name))
			}
		}
		note := ""
		if stay > 0 {
			note = fmt.Sprintf("%.2f%% of log files never move: the lifecycle's size rule keeps them", 100*stay)
		}
		if archived {
			note = join(note, "includes 8 KB per archived object, billed at Standard")
		}
		return note
	case "s3.standard_ia", "s3.glacier_ir":
		for i := range bs.paths {
			bp := &bs.paths[i]
			if bp.path == pathSmall && bp.at[t] >= 0 && bs.month(in, bp, m).ObjectMonths[bp.at[t]] > 0 {
				return "objects under 128 KB billed at the 128 KB minimum"
			}
		}
	case "s3.glacier_flexible", "s3.deep_archive":
		return "includes 32 KB of archive metadata per object"
	}
	return ""
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
