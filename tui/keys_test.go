package tui

import (
	"bytes"
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// runWrites runs the interface as a program reading a pipe, writes each
// chunk in one write (so the keys in a chunk arrive in one read, as fast
// typing delivers them), then ctrl+c, and returns the final model.
func runWrites(t *testing.T, m *Model, chunks ...string) *Model {
	t.Helper()
	r, w := io.Pipe()
	p := tea.NewProgram(m, tea.WithInput(r), tea.WithOutput(io.Discard), tea.WithoutSignals(), tea.WithoutRenderer())
	done := make(chan tea.Model, 1)
	go func() {
		fm, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		done <- fm
	}()
	for _, c := range append(chunks, "\x03") { // ctrl+c quits even while typing
		if _, err := w.Write([]byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case fm := <-done:
		w.Close()
		return fm.(*Model)
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("the program did not quit")
	}
	return nil
}

// TestKeysReadTogether: keys typed faster than the terminal is read arrive
// in one read, which bubbletea hands over as one message ("24"). Each key
// counts, in order, exactly as when they arrive one by one.
func TestKeysReadTogether(t *testing.T) {
	for _, c := range []struct {
		name   string
		chunks []string
	}{
		{"one write", []string{"24"}},
		{"two writes", []string{"2", "4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, _ := liveModel(t, "small", Options{})
			if fm := runWrites(t, m, c.chunks...); fm.active != 3 {
				t.Errorf("2 then 4 ended on page %d, want 4 (Weights)", fm.active+1)
			}
		})
	}
	// c then 3 on Costs: compare opens, then the Accounts page.
	m, _ := liveModel(t, "small", Options{})
	fm := runWrites(t, m, "2", "c3")
	if cp := fm.pages[1].(*costsPage); !cp.compare || fm.active != 2 {
		t.Errorf("c3 on Costs: compare %v, page %d; want compare on, page 3", cp.compare, fm.active+1)
	}
	// A filter typed together with the key that opens it goes to the field.
	m, _ = liveModel(t, "small", Options{})
	fm = runWrites(t, m, "3/sec")
	if ap := fm.pages[2].(*accountsPage); !ap.filtering || ap.filter.Value() != "sec" {
		t.Errorf("3/sec: filtering %v with %q, want the filter \"sec\"", ap.filtering, ap.filter.Value())
	}
}

// TestPaste: pasted text goes whole into a field being typed in, and is not
// taken for keys anywhere else.
func TestPaste(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("3"))
	paste := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q5"), Paste: true}
	if _, cmd := m.Update(paste); cmd != nil || m.active != 2 {
		t.Errorf("a paste outside a field acted: page %d, command %v", m.active+1, cmd != nil)
	}
	press(m, keyRunes("/"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("prod"), Paste: true})
	if ap := m.pages[2].(*accountsPage); ap.filter.Value() != "prod" {
		t.Errorf("the pasted filter is %q, want prod", ap.filter.Value())
	}
}

// TestKeysTogetherInProgram sends the two keys as one message and as two
// through teatest and waits for the Weights page either way.
func TestKeysTogetherInProgram(t *testing.T) {
	for _, send := range []func(*teatest.TestModel){
		func(tm *teatest.TestModel) { tm.Send(keyRunes("24")) },
		func(tm *teatest.TestModel) { tm.Type("24") },
	} {
		m, _ := liveModel(t, "small", Options{})
		tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
		send(tm)
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return bytes.Contains(b, []byte("[4 Weights]"))
		}, teatest.WithDuration(5*time.Second))
		tm.Send(keyRunes("q"))
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	}
}
