package tui

import "github.com/charmbracelet/lipgloss"

// styles are shared by every page. They are made from one renderer, so the
// color profile it detects (NO_COLOR, a pipe, a dumb terminal) applies to all.
type styles struct {
	r          *lipgloss.Renderer
	App        lipgloss.Style // the name in the tab bar
	Tab        lipgloss.Style
	ActiveTab  lipgloss.Style
	Title      lipgloss.Style // a page's heading
	Header     lipgloss.Style // a table's header row
	Selected   lipgloss.Style // the row under the cursor
	Editing    lipgloss.Style // a value being typed
	Dim        lipgloss.Style
	Good       lipgloss.Style // the winner, a bar
	Bad        lipgloss.Style // an unavailable strategy, a refused value
	Bar        lipgloss.Style
	Status     lipgloss.Style
	StatusBusy lipgloss.Style
	Help       lipgloss.Style
}

func newStyles(r *lipgloss.Renderer) styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#A48CFF"}
	subtle := lipgloss.AdaptiveColor{Light: "#777777", Dark: "#8A8A8A"}
	green := lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#5FD787"}
	red := lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	ns := r.NewStyle
	return styles{
		r:          r,
		App:        ns().Bold(true).Foreground(accent),
		Tab:        ns().Foreground(subtle),
		ActiveTab:  ns().Bold(true).Reverse(true),
		Title:      ns().Bold(true),
		Header:     ns().Bold(true).Underline(true),
		Selected:   ns().Bold(true).Foreground(accent),
		Editing:    ns().Bold(true).Reverse(true),
		Dim:        ns().Foreground(subtle),
		Good:       ns().Foreground(green),
		Bad:        ns().Foreground(red),
		Bar:        ns().Foreground(accent),
		Status:     ns().Reverse(true),
		StatusBusy: ns().Reverse(true).Bold(true),
		Help:       ns().Foreground(subtle),
	}
}
