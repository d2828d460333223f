package input

import "runtime"

// ahead fills batches (of a list's elements) on a goroutine of its own, a
// few batches ahead of the caller, who takes them in order. Reading a large
// dataset is three steps of about the same cost: cutting the file into
// elements (rowSplitter), reading each into the model (fastRow, or the
// careful way), packing the rows (PackedRows.Append); a dataset of 10,000
// accounts is half a minute of reading on one core, and run as a pipeline
// the steps overlap on two. Each step keeps its state to itself (the
// splitter, the intern map), and batches pass in file order, each with the
// error that ended its step if one did, after the elements before it: so
// the first wrong element of the file is the one told, as on one core.
//
// With one processor, fill is called on the caller's goroutine, one batch
// at a time: nothing to overlap with.
type ahead[B any] struct {
	fill  func(*B) bool // fills a batch; true when it was the last
	full  chan filled[B]
	free  chan *B
	quit  chan struct{} // closed by stop
	done  chan struct{} // closed when the goroutine has returned
	cur   *B            // the batch the caller holds
	ended bool          // the last batch has been taken
}

type filled[B any] struct {
	b    *B
	last bool
}

const batchesAhead = 3 // filled and waiting; one more is being filled, one read

// newAhead starts filling batches with fill. stop must be called before
// the state fill uses is used again, and before the reader of the list
// returns: no goroutine outlives it.
func newAhead[B any](fill func(*B) bool) *ahead[B] {
	a := &ahead[B]{fill: fill}
	if runtime.GOMAXPROCS(0) < 2 {
		return a
	}
	a.full = make(chan filled[B], batchesAhead)
	a.free = make(chan *B, batchesAhead+2)
	for range batchesAhead + 2 {
		a.free <- new(B)
	}
	a.quit, a.done = make(chan struct{}), make(chan struct{})
	go a.run()
	return a
}

// next is the next batch, valid until the next call; nil after the last,
// or once stop has been called.
func (a *ahead[B]) next() *B {
	if a.ended {
		return nil
	}
	if a.full == nil { // one processor
		if a.cur == nil {
			a.cur = new(B)
		}
		a.ended = a.fill(a.cur)
		return a.cur
	}
	if a.cur != nil {
		a.free <- a.cur // never blocks: there is a place for every batch
		a.cur = nil
	}
	var f filled[B]
	select {
	case f = <-a.full:
	case <-a.done: // stopped, or ended: a batch sent before is still there
		select {
		case f = <-a.full:
		default:
			a.ended = true
			return nil
		}
	}
	a.cur, a.ended = f.b, f.last
	return a.cur
}

// stop ends the goroutine and waits for it; it may be called more than
// once.
func (a *ahead[B]) stop() {
	if a.quit == nil {
		return
	}
	close(a.quit)
	<-a.done
	a.quit = nil
}

func (a *ahead[B]) run() {
	defer close(a.done)
	for {
		var b *B
		select {
		case b = <-a.free:
		case <-a.quit:
			return
		}
		last := a.fill(b)
		select {
		case a.full <- filled[B]{b, last}:
		case <-a.quit:
			return
		}
		if last {
			return
		}
	}
}

// textBatch is the text of consecutive elements of a list, and what ended
// the list after them, if it ended.
type textBatch struct {
	text   []byte
	ends   []int   // element k is text[ends[k-1]:ends[k]]
	starts []int64 // its offset in the input
	err    *Error  // the splitter's error after the elements
	last   bool    // the list ended after the elements (']' or err)
}

const (
	batchElements = 4096    // a usage row is about 330 bytes: 1.3 MB
	batchBytes    = 2 << 20 // or fewer elements, when they are larger
)

// element is the text of element k and its offset in the input.
func (b *textBatch) element(k int) ([]byte, int64) {
	from := 0
	if k > 0 {
		from = b.ends[k-1]
	}
	return b.text[from:b.ends[k]], b.starts[k]
}

// cutInto is the fill of the batches of the elements s cuts.
func cutInto(s *rowSplitter) func(*textBatch) bool {
	first := true
	return func(b *textBatch) bool {
		b.text, b.ends, b.starts, b.err, b.last = b.text[:0], b.ends[:0], b.starts[:0], nil, false
		for len(b.ends) < batchElements && len(b.text) < batchBytes {
			text, start, e := s.next(first)
			first = false
			if e != nil || text == nil {
				b.err, b.last = e, true
				return true
			}
			b.text = append(b.text, text...)
			b.ends = append(b.ends, len(b.text))
			b.starts = append(b.starts, start)
		}
		return false
	}
}
