package model

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The figures below are worked by hand from S3's rules on one account that
// writes the same files every day from December 2026 (31 days), then
// January (31) and February (28). On day j of the horizon (0 from 1
// December) the bucket holds the files written on days 0..j; a file written
// on day w is j−w days old.

// sameSizeFiles makes every file of a usage row the row's mean size, so the
// hand-worked figures count files of one known size.
func sameSizeFiles(t *testing.T) {
	t.Helper()
	old := logFileSizeSigma
	logFileSizeSigma = 0
	t.Cleanup(func() { logFileSizeSigma = old })
}

// filesDataset writes perDay files of size bytes a day in us-east-1.
func filesDataset(perDay, size int64) *Dataset {
	return testDataset(Usage{LogFiles: 31 * perDay, StoredBytes: 31 * perDay * size})
}

// lifecycleScenario is three months from December 2026 with the lifecycle
// given, no digest files and the central bucket keeping files retention days.
func lifecycleScenario(l Lifecycle, retention int) Scenario {
	s := testScenario()
	s.HorizonMonths = 3
	s.LogFileValidation = false
	s.CentralRetentionDays = retention
	s.Lifecycle = l
	return s
}

// orgLines are the org-trail's lines of one component and rate in month m:
// their summed quantity (in the line's unit) and cost.
func orgLines(t *testing.T, c *Comparison, component, rate string, m int) (quantity, cost float64) {
	t.Helper()
	r, ok := c.Strategy(OrgTrail)
	if !ok {
		t.Fatal("no org-trail")
	}
	for _, l := range r.Months[m].Lines {
		if l.Component == component && l.Rate == rate {
			quantity += l.Quantity
			cost += l.Cost
		}
	}
	return quantity, cost
}

const (
	perDay   = 1000
	smallLog = 20_000  // bytes: a large CloudTrail log file
	largeLog = 204_800 // bytes: 200 KiB, over S3's 128 KB transition minimum
)

// Under S3's default (all_storage_classes_128K) a 30-day Standard-IA rule
// moves no file under 128 KB: no transition, no Standard-IA storage, every
// byte billed at Standard. With varies_by_storage_class the same holds, as
// that setting lets small objects into the archive classes only.
func TestSmallFilesDoNotMove(t *testing.T) {
	sameSizeFiles(t)
	d := filesDataset(perDay, smallLog)
	for _, setting := range []string{MinSizeAllClasses128K, MinSizeVariesByClass, ""} {
		c := estimate(t, d, lifecycleScenario(Lifecycle{StandardIADays: 30, TransitionDefaultMinimumObjectSize: setting}, 365))
		for m := range 3 {
			if q, _ := orgLines(t, c, "s3.lifecycle_transitions", "s3.transition_standard_ia", m); q != 0 {
				t.Errorf("%q month %d: %v thousand transitions", setting, m, q)
			}
			if q, _ := orgLines(t, c, "s3.storage", "s3.standard_ia_storage", m); q != 0 {
				t.Errorf("%q month %d: %v GB-months in Standard-IA", setting, m, q)
			}
		}
		// January: every day holds 30 days of files (ages 0..29) in Standard
		// and the 1..32 days older than that would be in IA: all of it stays.
		janDays := 0.0
		for j := 31; j <= 61; j++ {
			janDays += float64(j + 1)
		}
		want := janDays / 31 * perDay * smallLog / GiB
		if q, _ := orgLines(t, c, "s3.storage", "s3.standard_storage", 1); !near(q, want) {
			t.Errorf("%q: January Standard %v GB-months, want %v", setting, q, want)
		}
	}
}

// Files of 200 KiB move at 30 days. December: the files of day 0 move on
// day 30 (1,000 transitions) and spend that one day in IA, while Standard
// holds j+1 days of files on days 0..29 and 30 on day 30 (495); January: 31 days
// of transitions, and day j (31..61) holds j−29 days of files in IA, 2 to 32:
// 527 file-days over 31 days; Standard holds 30 days of files every day.
func TestLargeFilesMove(t *testing.T) {
	sameSizeFiles(t)
	c := estimate(t, filesDataset(perDay, largeLog), lifecycleScenario(Lifecycle{StandardIADays: 30}, 365))
	dayGB := float64(perDay) * largeLog / GiB
	for _, tc := range []struct {
		m                  int
		moved              float64 // files
		iaDays, stdDays    float64 // GB-months, in days of files
		transition, iaCost float64
	}{
		{0, 1000, 1.0 / 31, 495.0 / 31, 1000.0 / 1000 * 0.01, 1.0 / 31 * dayGB * 0.0125},
		{1, 31_000, 527.0 / 31, 30, 31_000.0 / 1000 * 0.01, 527.0 / 31 * dayGB * 0.0125},
	} {
		q, cost := orgLines(t, c, "s3.lifecycle_transitions", "s3.transition_standard_ia", tc.m)
		if !near(q*1000, tc.moved) || !near(cost, tc.transition) {
			t.Errorf("month %d: %v transitions costing %v, want %v costing %v", tc.m, q*1000, cost, tc.moved, tc.transition)
		}
		q, cost = orgLines(t, c, "s3.storage", "s3.standard_ia_storage", tc.m)
		if !near(q, tc.iaDays*dayGB) || !near(cost, tc.iaCost) {
			t.Errorf("month %d: Standard-IA %v GB-months costing %v, want %v costing %v", tc.m, q, cost, tc.iaDays*dayGB, tc.iaCost)
		}
		if q, _ := orgLines(t, c, "s3.storage", "s3.standard_storage", tc.m); !near(q, tc.stdDays*dayGB) {
			t.Errorf("month %d: Standard %v GB-months, want %v", tc.m, q, tc.stdDays*dayGB)
		}
	}
	if q, _ := orgLines(t, c, "s3.early_deletion", "s3.standard_ia_storage", 2); q != 0 {
		t.Errorf("365-day retention leaves Standard-IA after 335 days, yet %v GB-months of early deletion", q)
	}
}

// IA at 30 days and retention at 45: every file leaves Standard-IA after 15
// of its 30 minimum days, and is billed the other 15 at the IA rate. The
// first deletions are on day 45 (15 January): 17 days of them in January;
// February deletes 28 days of files.
func TestEarlyDeletionFromIA(t *testing.T) {
	sameSizeFiles(t)
	s := lifecycleScenario(Lifecycle{StandardIADays: 30}, 45)
	c := estimate(t, filesDataset(perDay, largeLog), s)
	dayGB := float64(perDay) * largeLog / GiB
	for m, want := range []float64{0, 17 * dayGB * 15 / 31, 28 * dayGB * 15 / 28} {
		q, cost := orgLines(t, c, "s3.early_deletion", "s3.standard_ia_storage", m)
		if !near(q, want) || !near(cost, want*0.0125) {
			t.Errorf("month %d: early deletion %v GB-months costing %v, want %v costing %v", m, q, cost, want, want*0.0125)
		}
	}
	r, _ := c.Strategy(OrgTrail)
	for _, l := range r.Months[2].Lines {
		if l.Component == "s3.early_deletion" && !strings.Contains(l.Name, "Standard-IA") {
			t.Errorf("early-deletion line %q does not name its class", l.Name)
		}
	}
	warned := false
	for _, w := range s.Warnings() {
		warned = warned || strings.Contains(w, "lifecycle.standard_ia_days") && strings.Contains(w, "15 days")
	}
	if !warned {
		t.Errorf("no early-deletion warning in %q", s.Warnings())
	}
	// Files that do not move pay no early deletion.
	c = estimate(t, filesDataset(perDay, smallLog), s)
	if q, _ := orgLines(t, c, "s3.early_deletion", "s3.standard_ia_storage", 2); q != 0 {
		t.Errorf("files under 128 KB stay in Standard, yet %v GB-months of early deletion", q)
	}
}

// A file moved out of Glacier IR after 30 of its 90 days pays the other 60
// at the Glacier IR rate: IA at 30, Glacier IR at 60, Deep Archive at 90.
// The first files leave Glacier IR on day 90, 1 March; March's 31 days of
// files leave it 60 days short.
func TestEarlyTransitionOutOfGlacierIR(t *testing.T) {
	sameSizeFiles(t)
	s := lifecycleScenario(Lifecycle{StandardIADays: 30, GlacierIRDays: 60, DeepArchiveDays: 90}, 365)
	s.HorizonMonths = 4
	c := estimate(t, filesDataset(perDay, largeLog), s)
	dayGB := float64(perDay) * largeLog / GiB
	for m, want := range []float64{0, 0, 0, 31 * dayGB * 60 / 31} {
		if q, _ := orgLines(t, c, "s3.early_deletion", "s3.glacier_ir_storage", m); !near(q, want) {
			t.Errorf("month %d: %v GB-months of Glacier IR early deletion, want %v", m, q, want)
		}
	}
	// Standard-IA keeps its files 30 days: its minimum, no charge.
	if q, _ := orgLines(t, c, "s3.early_deletion", "s3.standard_ia_storage", 3); q != 0 {
		t.Errorf("30 days in Standard-IA meet its minimum, yet %v GB-months", q)
	}
}

// Two regions: 1,000 files of 20,000 bytes a day in us-east-1 and 100 of
// 200 KiB in eu-west-1; Glacier Flexible Retrieval from day 1. By default
// only the large files move, and only they carry the archive overheads (8
// KB at Standard, 32 KB in the archive). December: Glacier holds j days of
// files on day j (465 file-days: 15 a day on average); Standard holds one
// day of large files and j+1 days of small ones (496 file-days).
func TestGlacierOverheadOnlyOnMovedObjects(t *testing.T) {
	sameSizeFiles(t)
	d := filesDataset(perDay, smallLog)
	for _, u := range append([]Usage(nil), d.Usage...) {
		u.Region, u.LogFiles, u.StoredBytes = "eu-west-1", 100, 100*largeLog
		d.Usage = append(d.Usage, u)
	}
	l := Lifecycle{GlacierFlexibleDays: 1}
	c := estimate(t, d, lifecycleScenario(l, 365))
	const large, small = 100.0, float64(perDay)
	glacier := 15 * large * (largeLog + 32768) / GiB
	standard := (496.0/31*small*smallLog + 1*large*largeLog + 15*large*8192) / GiB
	if q, _ := orgLines(t, c, "s3.storage", "s3.glacier_flexible_storage", 0); !near(q, glacier) {
		t.Errorf("default: Glacier %v GB-months, want %v", q, glacier)
	}
	if q, _ := orgLines(t, c, "s3.storage", "s3.standard_storage", 0); !near(q, standard) {
		t.Errorf("default: Standard %v GB-months, want %v", q, standard)
	}
	if q, _ := orgLines(t, c, "s3.lifecycle_transitions", "s3.transition_glacier_flexible", 0); !near(q*1000, 30*large) {
		t.Errorf("default: %v transitions, want %v", q*1000, 30*large)
	}
	// varies_by_storage_class lets the small files into Glacier too.
	l.TransitionDefaultMinimumObjectSize = MinSizeVariesByClass
	c = estimate(t, d, lifecycleScenario(l, 365))
	glacier = 15 * (large*(largeLog+32768) + small*(smallLog+32768)) / GiB
	standard = (1*large*largeLog + 1*small*smallLog + 15*(large+small)*8192) / GiB
	if q, _ := orgLines(t, c, "s3.storage", "s3.glacier_flexible_storage", 0); !near(q, glacier) {
		t.Errorf("varies: Glacier %v GB-months, want %v", q, glacier)
	}
	if q, _ := orgLines(t, c, "s3.storage", "s3.standard_storage", 0); !near(q, standard) {
		t.Errorf("varies: Standard %v GB-months, want %v", q, standard)
	}
}

// A size filter takes precedence over the default minimum: with
// object_size_greater_than 1, files of 20,000 bytes move to Standard-IA and
// are billed there at 128 KB each; object_size_less_than 100,000 keeps the
// 200 KiB files out.
func TestSizeFilter(t *testing.T) {
	sameSizeFiles(t)
	c := estimate(t, filesDataset(perDay, smallLog), lifecycleScenario(Lifecycle{StandardIADays: 30, ObjectSizeGreaterThan: 1}, 365))
	if q, _ := orgLines(t, c, "s3.storage", "s3.standard_ia_storage", 1); !near(q, 527.0/31*perDay*131072/GiB) {
		t.Errorf("January Standard-IA %v GB-months, want %v at the 128 KB minimum", q, 527.0/31*perDay*131072/GiB)
	}
	c = estimate(t, filesDataset(perDay, largeLog), lifecycleScenario(Lifecycle{StandardIADays: 30, ObjectSizeLessThan: 100_000}, 365))
	if q, _ := orgLines(t, c, "s3.lifecycle_transitions", "s3.transition_standard_ia", 1); q != 0 {
		t.Errorf("files over object_size_less_than moved: %v thousand", q)
	}
}

// Digest files (about 1 KB, hourly) are objects too: under the default they
// stay; under varies_by_storage_class they move to Glacier Flexible
// Retrieval: 24 a day for the one account and region.
func TestDigestFilesMoveWithTheirSize(t *testing.T) {
	sameSizeFiles(t)
	// digest files follow the account-regions with events
	d := testDataset(Usage{ManagementReadEvents: 31, LogFiles: 31 * perDay, StoredBytes: 31 * perDay * largeLog})
	s := lifecycleScenario(Lifecycle{GlacierFlexibleDays: 1}, 365)
	s.LogFileValidation = true
	q, _ := orgLines(t, estimate(t, d, s), "s3.lifecycle_transitions", "s3.transition_glacier_flexible", 0)
	if !near(q*1000, 30*perDay) {
		t.Errorf("default: %v transitions, want the log files' %d", q*1000, 30*perDay)
	}
	s.Lifecycle.TransitionDefaultMinimumObjectSize = MinSizeVariesByClass
	q, _ = orgLines(t, estimate(t, d, s), "s3.lifecycle_transitions", "s3.transition_glacier_flexible", 0)
	if !near(q*1000, 30*(perDay+24)) {
		t.Errorf("varies: %v transitions, want %d", q*1000, 30*(perDay+24))
	}
}

// The lognormal shares against a numerical integration of the density.
func TestLognormalSplit(t *testing.T) {
	r := sizeRule{min: 131072}
	for _, mean := range []float64{2_000, 20_000, 100_000, 400_000} {
		sigma := 0.91
		files, bytes := r.split(mean, sigma)
		mu := math.Log(mean) - sigma*sigma/2
		var over, overBytes, all, allBytes float64
		for x := -10.0; x < 10; x += 1e-4 { // z of ln size
			size := math.Exp(mu + sigma*x)
			p := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) * 1e-4
			all += p
			allBytes += p * size
			if size >= 131072 {
				over += p
				overBytes += p * size
			}
		}
		if math.Abs(files[pathLarge]-over/all) > 1e-4 || math.Abs(bytes[pathLarge]-overBytes/allBytes) > 1e-4 {
			t.Errorf("mean %v: over 128 KB %v of files and %v of bytes, integration %v and %v", mean, files[pathLarge], bytes[pathLarge], over/all, overBytes/allBytes)
		}
		if !near(files[pathStay]+files[pathLarge], 1) || !near(bytes[pathStay]+bytes[pathLarge], 1) {
			t.Errorf("mean %v: shares %v, %v", mean, files, bytes)
		}
	}
}

// realData is the folder of public real CloudTrail samples, beside the
// repository; tests that read it skip without it.
const realData = "../../shared/data/real"

// realLogSizes are the gzip sizes of real CloudTrail log files, grouped as
// delivered together (one trail's region, one set).
func realLogSizes(t *testing.T) map[string][]float64 {
	t.Helper()
	if _, err := os.Stat(realData); err != nil {
		t.Skip("no real sample data beside the repository")
	}
	groups := map[string][]float64{}
	// an S3 listing of an organization trail's bucket: date, time, size, key
	f, err := os.Open(filepath.Join(realData, "armageddon-lab3-lookupevents", "s3_ls_recursive_cloudtrail_bucket_excerpt.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	region := regexp.MustCompile(`/CloudTrail/([a-z0-9-]+)/`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 4 {
			if m := region.FindStringSubmatch(fields[3]); m != nil {
				size, _ := strconv.ParseFloat(fields[2], 64)
				groups["listing "+m[1]] = append(groups["listing "+m[1]], size)
			}
		}
	}
	// flaws2.cloud's files as CloudTrail delivered them
	files, _ := filepath.Glob(filepath.Join(realData, "flaws2-logs", "AWSLogs", "*", "CloudTrail", "*", "*", "*", "*", "*.json.gz"))
	for _, name := range files {
		if st, err := os.Stat(name); err == nil {
			groups["flaws2"] = append(groups["flaws2"], float64(st.Size()))
		}
	}
	// the Invictus set's gzip sizes, from the sources' table
	src, err := os.ReadFile(filepath.Join(realData, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| invictus-aws_dataset \\| `[^`]+\\.json` \\| \\d+ \\| \\d+ \\| (\\d+) ")
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		size, _ := strconv.ParseFloat(m[1], 64)
		groups["invictus"] = append(groups["invictus"], size)
	}
	if len(groups) < 5 {
		t.Fatalf("found %d groups of real log files", len(groups))
	}
	return groups
}

// The shape of the size distribution is the one the real files give, and
// on each group's mean it puts (almost) no CloudTrail log file over 128 KB,
// as none of the real ones is.
func TestRealLogSizes(t *testing.T) {
	groups := realLogSizes(t)
	var ss, df float64
	r := sizeRule{min: 131072}
	for name, sizes := range groups {
		var sum, logSum float64
		for _, s := range sizes {
			sum += s
			logSum += math.Log(s)
			if s >= 131072 {
				t.Errorf("%s: a real log file of %v bytes", name, s)
			}
		}
		logMean := logSum / float64(len(sizes))
		for _, s := range sizes {
			ss += (math.Log(s) - logMean) * (math.Log(s) - logMean)
		}
		df += float64(len(sizes) - 1)
		files, bytes := r.split(sum/float64(len(sizes)), logFileSizeSigma)
		if files[pathLarge] > 2e-3 || bytes[pathLarge] > 2e-2 {
			t.Errorf("%s (mean %.0f bytes): %.2g of files, %.2g of bytes over 128 KB", name, sum/float64(len(sizes)), files[pathLarge], bytes[pathLarge])
		}
	}
	if sigma := math.Sqrt(ss / df); math.Abs(sigma-logFileSizeSigma) > 0.01 || df < 120 {
		t.Errorf("pooled spread of ln(size) over %v degrees of freedom: %.3f, the engine takes %v", df, sigma, logFileSizeSigma)
	}
}

// The scenario's warnings use the minimum storage durations the engine
// bills: the price book's.
func TestMinStorageDaysMatchBook(t *testing.T) {
	b := usBook(t)
	for class, days := range MinStorageDays {
		f, err := b.Fact(minStorageFacts["s3."+class])
		if err != nil || int(f.Value) != days {
			t.Errorf("%s: warnings take %d days, the book %v (%v)", class, days, f.Value, err)
		}
	}
}

func TestLifecycleWarnings(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Lifecycle
		want []string // substrings, one warning each
	}{
		{"none", Lifecycle{}, nil},
		{"IA kept its minimum", Lifecycle{StandardIADays: 30, ObjectSizeGreaterThan: 1}, nil},
		{"account buckets delete IA early", Lifecycle{StandardIADays: 70, ObjectSizeGreaterThan: 1}, []string{"after 20 days (account_bucket_retention_days 90), before its 30-day minimum: 10 days'"}},
		{"Glacier IR left for Deep Archive early", Lifecycle{GlacierIRDays: 30, DeepArchiveDays: 60, ObjectSizeGreaterThan: 1}, []string{
			"glacier_ir_days: objects leave Glacier Instant Retrieval after 30 days (lifecycle.deep_archive_days 60), before its 90-day minimum: 60 days'",
			"deep_archive_days: objects leave Glacier Deep Archive after 30 days (account_bucket_retention_days 90), before its 180-day minimum: 150 days'",
		}},
		{"the default size minimum", Lifecycle{StandardIADays: 30}, []string{"stay in S3 Standard"}},
		{"varies, IA", Lifecycle{StandardIADays: 30, TransitionDefaultMinimumObjectSize: MinSizeVariesByClass}, []string{"do not move to Standard-IA"}},
		{"varies, archive only", Lifecycle{GlacierFlexibleDays: 90, TransitionDefaultMinimumObjectSize: MinSizeVariesByClass}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultScenario()
			s.Lifecycle = tc.l
			got := s.Warnings()
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q, want it to contain %q", got[i], w)
				}
			}
		})
	}
}

func TestLifecycleValidation(t *testing.T) {
	for _, tc := range []struct {
		l    Lifecycle
		want string
	}{
		{Lifecycle{TransitionDefaultMinimumObjectSize: "128K"}, `lifecycle.transition_default_minimum_object_size: expected all_storage_classes_128K or varies_by_storage_class, got "128K"`},
		{Lifecycle{ObjectSizeGreaterThan: -1}, "lifecycle.object_size_greater_than: expected 0 (no filter) or a size in bytes up to 50 TB, got -1"},
		{Lifecycle{ObjectSizeGreaterThan: 1000, ObjectSizeLessThan: 1000}, "lifecycle.object_size_less_than: expected more bytes than lifecycle.object_size_greater_than (1000), got 1000"},
	} {
		s := DefaultScenario()
		s.Lifecycle = tc.l
		err := s.Validate()
		if err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %s", tc.l, err, tc.want)
		}
	}
}
