package app

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/data/notify"
	"upgradedesk/forms/uikit"
)

// mailPage is 设置 → 邮件提醒: everybody's own e-mail address, language of
// messages and daily digest; for administrators the library's mail server
// (its password in this PC's credential store), a test message, the
// outbox and what this PC's sender did last.
type mailPage struct {
	s    *session
	root fyne.CanvasObject

	// The user's own settings.
	address   *widget.Label
	mailLang  *selectOf[string]
	digestOff *uikit.Check
	saveOwn   *uikit.Button

	// The mail server (administrators).
	host, port, user, password, from *uikit.Entry
	security                         *selectOf[string]
	hour                             *uikit.Entry
	pwState                          *widget.Label
	saveServer, test                 *uikit.Button
	// testDialog asks for the test message's address.
	testDialog *uikit.FormDialog
	// server is the server's settings as last read.
	server data.MailSettings

	// The outbox (administrators).
	summary     *widget.Label
	sender      *widget.Label
	undelivered []data.Notification
	grid        *grid[data.Notification]
	resend      *uikit.Button
	resendAll   *uikit.Button
}

func newMailPage(s *session) *mailPage {
	p := &mailPage{s: s}
	cards := []fyne.CanvasObject{p.buildOwn()}
	if s.isAdmin() {
		cards = append(cards, p.buildServer(), p.buildOutbox())
	}
	p.root = container.NewVScroll(container.NewVBox(cards...))
	return p
}

// userField is a field of the users' description.
func userField(key string) *data.Field { return data.RecordFor("users").Field(key) }

// buildOwn builds the card of the user's own e-mail settings.
func (p *mailPage) buildOwn() fyne.CanvasObject {
	p.address = widget.NewLabel("")
	langs := data.ChoiceLists[userField("mail_lang").List]
	labels := make([]string, len(langs))
	for i, l := range langs {
		labels[i] = lang.L(data.ChoiceKey(userField("mail_lang").List, l))
	}
	p.mailLang = newSelectOf(labels, langs, nil)
	p.digestOff = uikit.NewCheck(lang.L(userField("digest_off").LabelKey()), nil)
	p.saveOwn = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), p.onSaveOwn)
	addr := formItem(userField("email").LabelKey(), p.address)
	choices := container.NewHBox(container.NewGridWrap(fyne.NewSize(180, p.mailLang.sel.MinSize().Height), p.mailLang.sel),
		p.digestOff)
	lng := formItem(userField("mail_lang").LabelKey(), container.NewBorder(nil, nil, nil, p.saveOwn, choices))
	form := widget.NewForm(addr, lng)
	var body fyne.CanvasObject = form
	if !p.s.canWrite() {
		p.mailLang.sel.Disable()
		p.digestOff.Disable()
		p.saveOwn.Hide()
		body = container.NewVBox(form, lockedNote(lang.L("settings.locked_readonly")))
	}
	return card(lang.L("mailset.own.title"), lang.L("mailset.own.sub"), body)
}

// buildServer builds the card of the library's mail server.
func (p *mailPage) buildServer() fyne.CanvasObject {
	p.host = newEntry(data.ValidHost)
	p.host.SetPlaceHolder("mail.library.cn")
	p.port = newEntry(data.MailSettingValidator(data.SettingSMTPPort))
	secLabels := make([]string, len(data.Securities))
	for i, sec := range data.Securities {
		secLabels[i] = lang.L(securityKey(sec))
	}
	p.security = newSelectOf(secLabels, data.Securities, func(string) { p.showDefaultPort() })
	p.user = newEntry(data.MailSettingValidator(data.SettingSMTPUser))
	p.password = newPasswordEntry(nil)
	p.pwState = widget.NewLabel("")
	p.pwState.Wrapping = wrapping()
	p.pwState.Importance = widget.LowImportance
	p.from = newEntry(optional(data.ValidEmail))
	p.from.SetPlaceHolder("upgrade@library.cn")
	p.hour = newEntry(data.MailSettingValidator(data.SettingDigestHour))
	p.hour.SetPlaceHolder(strconv.Itoa(data.DefaultDigestHour))
	p.saveServer = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), p.onSaveServer)
	p.saveServer.Importance = widget.HighImportance
	p.test = uikit.NewButtonWithIcon(lang.L("mailset.test"), theme.MailSendIcon(), p.onTest)

	left := widget.NewForm(formItem("field.smtp_host", p.host), formItem("field.smtp_port", p.port),
		formItem("field.smtp_from", p.from), formItem("field.mail_digest_hour", p.hour))
	right := widget.NewForm(formItem("field.smtp_security", p.security.sel), formItem("field.smtp_user", p.user),
		formItem("mailset.server.password", p.password), widget.NewFormItem("", p.pwState))
	fields := container.NewGridWithColumns(2, left, right)
	body := container.NewVBox(fields, container.NewHBox(layout.NewSpacer(), p.test, p.saveServer))
	if why := p.s.sharedSettingsLocked(); why != "" {
		lockInputs(p.host, p.port, p.user, p.password, p.from, p.hour)
		p.security.sel.Disable()
		p.saveServer.Hide()
		p.test.Hide()
		body = container.NewVBox(fields, lockedNote(why))
	}
	return card(lang.L("mailset.server.title"), lang.L("mailset.server.sub"), body)
}

// securityKey is the translation key naming a way to secure the
// connection.
func securityKey(sec string) string { return "mailset.security." + sec }

// showDefaultPort shows the usual port of the security chosen in the
// empty port entry.
func (p *mailPage) showDefaultPort() {
	sec, _ := p.security.value()
	p.port.SetPlaceHolder(strconv.Itoa(data.MailSettings{Security: sec}.PortOrDefault()))
}

// buildOutbox builds the outbox: its counts, this PC's sender and the
// messages not delivered.
func (p *mailPage) buildOutbox() fyne.CanvasObject {
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = wrapping()
	p.sender = widget.NewLabel("")
	p.sender.Wrapping = wrapping()
	p.sender.Importance = widget.LowImportance
	cols := []column[data.Notification]{
		{"mailset.outbox.written", "", 140, func(n *data.Notification) string { return formatTime(n.CreatedAt) }},
		{"mailset.outbox.to", "", 170, func(n *data.Notification) string { return n.ToName + " <" + n.ToAddr + ">" }},
		{"mailset.outbox.subject", "", 240, func(n *data.Notification) string { return n.Subject }},
		{"mailset.outbox.state", "", 90, func(n *data.Notification) string { return undeliveredState(n) }},
		{"mailset.outbox.error", "", 240, func(n *data.Notification) string { return oneLine(n.Failure(uikit.Language())) }},
	}
	p.grid = sliceGrid(cols, 4, &p.undelivered)
	p.grid.onSelect = func(int) { p.enableResend() }
	p.resend = uikit.NewButtonWithIcon(lang.L("mailset.outbox.resend"), theme.MailSendIcon(), p.onResend)
	p.resendAll = uikit.NewButtonWithIcon(lang.L("mailset.outbox.resend_all"), theme.MailSendIcon(), p.onResendAll)
	refresh := uikit.NewButtonWithIcon(lang.L("mailset.outbox.refresh"), theme.ViewRefreshIcon(), p.refresh)
	bar := container.NewHBox(widget.NewLabelWithStyle(lang.L("mailset.outbox.undelivered"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), layout.NewSpacer(), refresh, p.resendAll, p.resend)
	// The list scrolls inside the page, at least outboxRows rows high.
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(0, outboxHeight))
	list := container.NewStack(space, p.grid.root)
	p.enableResend()
	return widget.NewCard(lang.L("mailset.outbox.title"), "", container.NewVBox(p.summary, p.sender, bar, list))
}

// outboxHeight is the height of the list of undelivered messages.
const outboxHeight = 260

// undeliveredState says whether a message is given up or to be tried
// again.
func undeliveredState(n *data.Notification) string {
	if n.GivenUp() {
		return lang.L("mailset.outbox.given_up")
	}
	return lang.L("mailset.outbox.retrying", map[string]any{"N": n.Attempts})
}

// oneLine returns s on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (p *mailPage) enableResend() {
	_, picked := p.grid.selectedRow()
	enable(p.resend, picked && p.s.canWrite())
	enable(p.resendAll, len(p.undelivered) > 0 && p.s.canWrite())
}

// mailLoaded is what the page reads.
type mailLoaded struct {
	me          *data.User
	server      data.MailSettings
	pwState     string
	outbox      *data.OutboxSummary
	undelivered []data.Notification
}

// refresh reads the user's settings and, for administrators, the server,
// whether this PC keeps its password, and the outbox.
func (p *mailPage) refresh() {
	store, id, admin := p.s.store, p.s.user.ID, p.s.isAdmin()
	uikit.Background(p.s.jobs, func() (mailLoaded, error) {
		var l mailLoaded
		var err error
		if l.me, err = store.User(id); err != nil || !admin {
			return l, err
		}
		if l.server, err = store.MailSettings(); err != nil {
			return l, err
		}
		l.pwState = passwordState(l.server)
		if l.outbox, err = store.Outbox(); err != nil {
			return l, err
		}
		l.undelivered, err = store.Undelivered()
		return l, err
	}, func(l mailLoaded, err error) {
		if err != nil {
			p.s.showError("read mail settings", err)
			return
		}
		p.show(l)
	})
}

// passwordState says whether this PC keeps the server's password.
func passwordState(cfg data.MailSettings) string {
	switch {
	case !cfg.Enabled():
		return ""
	case cfg.User == "":
		return lang.L("mailset.server.no_login")
	}
	_, err := notify.StoredPassword(cfg, mailSecrets)
	switch {
	case err == nil:
		return lang.L("mailset.server.pw_stored", map[string]any{"User": notify.KeyringUser(cfg)})
	case notify.StoreUnavailable(err):
		return mailErrorText(err)
	}
	return lang.L("mailset.server.pw_missing")
}

// show puts what was read into the page.
func (p *mailPage) show(l mailLoaded) {
	u := l.me
	if u.Email == "" {
		p.address.SetText(lang.L("mailset.own.no_address"))
	} else {
		p.address.SetText(u.Email)
	}
	p.mailLang.setValue(u.MessageLang())
	p.digestOff.SetChecked(u.DigestOff)
	if p.host == nil {
		return
	}
	m := l.server
	p.server = m
	p.host.SetText(m.Host)
	p.port.SetText("")
	if m.Port != 0 {
		p.port.SetText(strconv.Itoa(m.Port))
	}
	p.security.setValue(m.SecurityOrDefault())
	p.showDefaultPort()
	p.user.SetText(m.User)
	p.from.SetText(m.From)
	p.hour.SetText("")
	if m.DigestHour != data.DefaultDigestHour {
		p.hour.SetText(strconv.Itoa(m.DigestHour))
	}
	p.password.SetText("")
	p.pwState.SetText(l.pwState)
	p.pwState.Hidden = l.pwState == ""
	p.pwState.Refresh()
	p.showOutbox(l.outbox, l.undelivered)
}

// showOutbox shows the counts of the outbox and the undelivered messages.
func (p *mailPage) showOutbox(sum *data.OutboxSummary, undelivered []data.Notification) {
	last := lang.L("mailset.outbox.never")
	if sum.LastSent != nil {
		last = formatTime(*sum.LastSent)
	}
	p.summary.SetText(lang.L("mailset.outbox.summary", map[string]any{"Waiting": sum.Waiting, "Retrying": sum.Retrying,
		"GivenUp": sum.GivenUp, "Sent": sum.SentToday, "Last": last}))
	p.showSender()
	p.undelivered = undelivered
	p.grid.clearSelection()
	p.grid.refresh()
	p.enableResend()
}

// showSender says what this PC's sender did last.
func (p *mailPage) showSender() {
	if p.sender != nil {
		p.sender.SetText(senderText(p.s.mail, p.s.canWrite()))
	}
}

// onSaveOwn saves the user's language of messages and digest opt-out.
func (p *mailPage) onSaveOwn() {
	code, _ := p.mailLang.value()
	if code == data.LangZH {
		code = "" // Chinese, as accounts have it unless they chose
	}
	off := p.digestOff.Checked
	store, user := p.s.store, p.s.login
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SaveMailPrefs(user, code, off)
	}, func(_ struct{}, err error) {
		if err != nil {
			p.s.showError("save mail preferences", err)
			return
		}
		uikit.ShowInfo(p.s.win, lang.L("mailset.own.title"), lang.L("settings.saved"), nil)
	})
}

// typed returns the server's settings as typed, with the reason the first
// input that is not right yet is not.
func (p *mailPage) typed() (data.MailSettings, error) {
	for _, e := range []struct {
		key   string
		entry *uikit.Entry
	}{{"field.smtp_host", p.host}, {"field.smtp_port", p.port}, {"field.smtp_user", p.user},
		{"field.smtp_from", p.from}, {"field.mail_digest_hour", p.hour}} {
		if err := e.entry.Validate(); err != nil {
			return data.MailSettings{}, uikit.NewProblem("uikit.field_problem", err, "Field", lang.L(e.key), "Msg", err.Error())
		}
	}
	sec, _ := p.security.value()
	m := data.MailSettings{Host: strings.TrimSpace(p.host.Text), Security: sec, User: strings.TrimSpace(p.user.Text),
		From: strings.TrimSpace(p.from.Text), DigestHour: data.DefaultDigestHour}
	if v := strings.TrimSpace(p.port.Text); v != "" {
		m.Port, _ = strconv.Atoi(v)
	}
	if v := strings.TrimSpace(p.hour.Text); v != "" {
		m.DigestHour, _ = strconv.Atoi(v)
	}
	return m, m.Validate()
}

// onSaveServer saves the server's settings for every PC and the password
// typed in this PC's credential store.
func (p *mailPage) onSaveServer() {
	m, err := p.typed()
	if err != nil {
		uikit.ShowErrorText(p.s.win, uikit.Message(err), nil)
		return
	}
	pw := p.password.Text
	store, user := p.s.store, p.s.login
	uikit.Background(p.s.jobs, func() (string, error) {
		if err := store.SaveMailSettings(user, m); err != nil {
			return "", err
		}
		if pw == "" || m.User == "" || !m.Enabled() {
			return "", nil
		}
		if err := notify.SavePassword(m, mailSecrets, pw); err != nil {
			return mailErrorText(err), nil
		}
		return "", nil
	}, func(pwProblem string, err error) {
		if err != nil {
			p.s.showError("save mail settings", err)
			return
		}
		p.refresh()
		if pwProblem != "" {
			uikit.ShowErrorText(p.s.win, lang.L("mailset.server.saved_no_pw", map[string]any{"Msg": pwProblem}), nil)
			return
		}
		text := lang.L("settings.saved")
		if pw != "" {
			text = lang.L("mailset.server.saved_pw")
		}
		uikit.ShowInfo(p.s.win, lang.L("mailset.server.title"), text, nil)
	})
}

// onTest asks for an address and sends a test message to it through the
// server as typed.
func (p *mailPage) onTest() {
	m, err := p.typed()
	if err == nil && !m.Enabled() {
		err = notify.ErrMailOff
	}
	if err != nil {
		uikit.ShowErrorText(p.s.win, mailErrorText(err), nil)
		return
	}
	to := newEntry(data.All(data.Required, data.ValidEmail))
	to.SetText(p.s.user.Email)
	items := []*widget.FormItem{formItem("mailset.test.to", to)}
	var d *uikit.FormDialog
	d = uikit.NewFormDialog(lang.L("mailset.test"), lang.L("mailset.test.send"), items, func(ok bool) {
		if ok {
			p.sendTest(m, strings.TrimSpace(to.Text))
		}
	}, p.s.win)
	p.testDialog = d
	d.ShowWidth(440)
}

// sendTest sends the test message off the UI goroutine, with 取消.
func (p *mailPage) sendTest(m data.MailSettings, to string) {
	ctx, cancel := context.WithTimeout(p.s.ctx, 2*time.Minute)
	busy := showBusy(p.s.win, lang.L("mailset.test.sending", map[string]any{"Server": m.Host}), cancel)
	store, pw, lng := p.s.store, p.password.Text, uikit.Language()
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		defer cancel()
		return struct{}{}, sendTestMail(ctx, store, m, pw, to, lng)
	}, func(_ struct{}, err error) {
		busy.Hide()
		if err != nil {
			uikit.ShowErrorText(p.s.win, lang.L("mailset.test.failed", map[string]any{"Msg": mailErrorText(err)}), nil)
			return
		}
		uikit.ShowInfo(p.s.win, lang.L("mailset.test"), lang.L("mailset.test.sent", map[string]any{"To": to}), nil)
	})
}

// onResend makes the message selected due again.
func (p *mailPage) onResend() {
	if n, ok := p.grid.selectedRow(); ok {
		p.resendIDs([]uint{n.ID})
	}
}

// onResendAll makes every undelivered message due again.
func (p *mailPage) onResendAll() {
	ids := make([]uint, len(p.undelivered))
	for i, n := range p.undelivered {
		ids[i] = n.ID
	}
	p.resendIDs(ids)
}

func (p *mailPage) resendIDs(ids []uint) {
	store, user := p.s.store, p.s.login
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.Resend(user, ids)
	}, func(_ struct{}, err error) {
		if err != nil {
			p.s.showError("resend", err)
			return
		}
		p.refresh()
		uikit.ShowInfo(p.s.win, lang.L("mailset.outbox.resend"), lang.L("mailset.outbox.resent", map[string]any{"N": len(ids)}), nil)
	})
}

// card is a card titled title whose explanation sub wraps to the card's
// width (a card's own subtitle does not, and would widen the window).
func card(title, sub string, body fyne.CanvasObject) fyne.CanvasObject {
	note := widget.NewLabel(sub)
	note.Wrapping = wrapping()
	return widget.NewCard(title, "", container.NewVBox(note, body))
}
