package tui

import "github.com/charmbracelet/bubbles/key"

// keyMap is the key map every page shares; pages add their own bindings
// from it to the help they show.
type keyMap struct {
	Next, Prev          key.Binding
	Page                key.Binding
	Help, Quit, Export  key.Binding
	Up, Down            key.Binding
	Left, Right         key.Binding
	Enter, Back, Toggle key.Binding
	Filter, Sort        key.Binding
	Compare             key.Binding
	Preset, Method      key.Binding
	Save                key.Binding
	Explain, Scope      key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next page")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous page")),
		Page:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7"), key.WithHelp("1-7", "go to page")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export report + decision")),
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "less")),
		Right:   key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "more")),
		Enter:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "select")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Toggle:  key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Compare: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compare")),
		Preset:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "next preset")),
		Method:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "method")),
		Save:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save scenario")),
		Explain: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "explain the volume (page 7)")),
		Scope:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "organization or account")),
	}
}

// with returns a copy of b with other help text.
func with(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}
