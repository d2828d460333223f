package scratch

import (
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// A scratch file is readable and writable, and has no name in the
// temporary folder while open (where the system allows) nor after Close.
func TestCreateLeavesNoName(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f, err := Create("trailwise-test-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != "hello" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if left, _ := os.ReadDir(tmp); runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("%d names in the temporary folder while the file is open, want none", len(left))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("%d names left after Close", len(left))
	}
}

// A process killed while it holds a scratch file leaves nothing behind:
// the test runs itself as that process and kills it.
func TestKilledLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("an open file keeps its name on Windows until Close")
	}
	if os.Getenv("SCRATCH_HOLD") == "1" {
		f, err := Create("trailwise-test-*")
		if err != nil {
			os.Exit(3)
		}
		f.WriteString("held")
		os.Stdout.WriteString("ready\n")
		select {} // until killed
	}
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestKilledLeavesNothing$")
	cmd.Env = append(os.Environ(), "SCRATCH_HOLD=1", "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	if !strings.Contains(string(buf[:n]), "ready") {
		cmd.Process.Kill()
		t.Fatalf("the holding process said %q", buf[:n])
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("%s left behind by a killed process", left[0].Name())
	}
}
