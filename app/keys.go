package app

import (
	"upgradedesk/forms/uikit"
)

// installKeys gives the main window the client's keys (uikit.InstallKeys):
// Enter opens the selected case of the page in view, Ctrl+F finds cases,
// F5 reads the page in view again. Dialogs take Esc and Enter first.
func (c *Client) installKeys() {
	uikit.InstallKeys(c.win, uikit.WindowKeys{
		Enter: func() {
			if c.sess != nil {
				c.sess.openSelected()
			}
		},
		Find: func() {
			if c.sess != nil {
				c.sess.find()
			}
		},
		Refresh: func() {
			if c.sess != nil {
				c.sess.changed(false)
			}
		},
	})
}

// opener is a page whose selected row Enter opens.
type opener interface {
	openSelected()
}

// openSelected opens the row selected in the page in view.
func (s *session) openSelected() {
	if o, ok := s.currentPage().(opener); ok {
		o.openSelected()
	}
}

// find shows 升级事项 with the focus in its search.
func (s *session) find() {
	s.tabs.Select(s.list.item)
	s.win.Canvas().Focus(s.list.text)
}
