package report

import (
	"bytes"
	"context"
	"image/png"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The page fetches nothing: no script, no external style, image or font.
func TestHTMLIsSelfContained(t *testing.T) {
	doc := sampleDoc(t, "small")
	var out bytes.Buffer
	if err := HTML(&out, doc); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, bad := range []string{"<script", "<link", "<img", "@import", "url(", "src="} {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %q: it would fetch or run something", bad)
		}
	}
	for _, want := range []string{"@media print", "<svg", "<polygon", "Who pays", "Price sources", "Assumptions"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != availableCount(doc) {
		t.Errorf("%d charts for %d available strategies", n, availableCount(doc))
	}
}

func availableCount(doc *Document) int {
	n := 0
	for _, s := range doc.Strategies {
		if s.Available {
			n++
		}
	}
	return n
}

func TestNiceCeiling(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 3.7: 5, 41.86: 50, 100: 100, 101: 200, 0.23: 0.25} {
		if got := niceCeiling(v); got != want {
			t.Errorf("niceCeiling(%v) = %v, want %v", v, got, want)
		}
	}
}

// chromium finds the browser, or skips the test saying why.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on this machine: the page is not rendered (.ci/run installs it)")
	return ""
}

func headless(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", browser, args, err, stderr.String())
	}
	return out
}

// A real browser renders the page: the totals it shows, read from the
// rendered DOM, are the JSON's to the cent, and a screenshot of it is a
// picture of a plausible size with more than a few colours in it.
func TestHTMLRendersInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	browser := chromium(t)
	doc := sampleDoc(t, "small")
	var out bytes.Buffer
	if err := HTML(&out, doc); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(headless(t, browser, "--dump-dom", "file://"+page))
	cell := regexp.MustCompile(`data-strategy="([^"]+)" data-total="first-year">([^<]+)<`)
	found := map[string]string{}
	for _, m := range cell.FindAllStringSubmatch(dom, -1) {
		found[m[1]] = m[2]
	}
	if len(found) != len(doc.Strategies) {
		t.Fatalf("the rendered page shows %d first-year totals, the report has %d strategies", len(found), len(doc.Strategies))
	}
	for _, s := range doc.Strategies {
		shown, ok := new(big.Rat).SetString(strings.ReplaceAll(found[s.ID], ",", ""))
		if !ok {
			t.Fatalf("%s: the page shows %q", s.ID, found[s.ID])
		}
		exact, _ := new(big.Rat).SetString(s.Totals.FirstYear.String()) // as the JSON writes it
		if shown.FloatString(2) != exact.FloatString(2) {
			t.Errorf("%s: the page shows %s, the JSON %s", s.ID, found[s.ID], s.Totals.FirstYear)
		}
	}
	shot := filepath.Join(t.TempDir(), "report.png")
	headless(t, browser, "--screenshot="+shot, "--window-size=1200,2400", "file://"+page)
	checkScreenshot(t, shot, 1200, 2400)
}

func checkScreenshot(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	colours := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	if len(colours) < 20 { // a blank or error page has a handful
		t.Errorf("the screenshot has %d colours: nothing rendered?", len(colours))
	}
}
