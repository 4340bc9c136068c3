package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"upgradedesk/data"
	"upgradedesk/data/notify"
)

// secrets is the credential store the notify command uses (nil: this
// PC's, notify.Keyring); tests replace it.
var secrets notify.Secrets

// runNotify sends the e-mail of the outbox: once (--once, for a
// scheduled task) or every --interval until stopped.
func runNotify(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk notify", "--db PATH [--once] [--password-from-env VAR] [--interval 30s] | --save-password")
	db := fs.String("db", "", tr(env, "flag.db"))
	once := fs.Bool("once", false, tr(env, "flag.notify_once"))
	fromEnv := fs.String("password-from-env", "", tr(env, "flag.password_from_env"))
	save := fs.Bool("save-password", false, tr(env, "flag.save_password"))
	interval := fs.Duration("interval", notify.DefaultInterval, tr(env, "flag.notify_interval"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if fs.NArg() > 0 {
		return fail(env, exitUsage, "extra_argument", "Arg", fs.Arg(0))
	}
	if *interval < time.Second {
		return fail(env, exitUsage, "notify.interval")
	}
	if *save && (*once || *fromEnv != "") {
		return fail(env, exitUsage, "notify.save_alone")
	}
	s, err := openStore(env, *db, data.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s)
	warnWitness(env, s)
	if *save {
		return saveMailPassword(env, s)
	}
	snd := &notify.Sender{Store: s, Secrets: secrets,
		Log: func(format string, args ...any) { fmt.Fprintf(env.Stderr, "upgradedesk: "+format+"\n", args...) }}
	if *fromEnv != "" {
		pw := env.Getenv(*fromEnv)
		if pw == "" {
			return fail(env, exitUsage, "notify.env_empty", "Var", *fromEnv)
		}
		snd.Password = func() (string, error) { return pw, nil }
	}
	if *once {
		rep, err := snd.Once(context.Background())
		fmt.Fprintln(env.Stdout, reportLine(env, rep))
		return notifyError(env, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(env.Stderr, tr(env, "notify.running", "Path", s.DisplayLocation(), "Every", interval.String()))
	snd.Run(ctx, *interval, func(rep notify.Report, err error) {
		if rep != (notify.Report{}) {
			fmt.Fprintln(env.Stdout, time.Now().Format(data.DateTimeLayout)+" "+reportLine(env, rep))
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(env.Stderr, time.Now().Format(data.DateTimeLayout)+" upgradedesk: "+notify.Message(err, lang(env)))
		}
	})
	return nil
}

// reportLine says what a run did.
func reportLine(env Env, rep notify.Report) string {
	return tr(env, "notify.done", "Sent", rep.Sent, "Failed", rep.Failed, "GivenUp", rep.GivenUp, "Digests", rep.Digests)
}

// notifyError gives notify's errors their text in the user's language
// and exit status 1; the data layer's keep theirs.
func notifyError(env Env, err error) error {
	var ne *notify.Error
	if errors.As(err, &ne) {
		return &exitError{code: exitFailed, err: errors.New(ne.Message(lang(env)))}
	}
	return err
}

// saveMailPassword keeps the mail server's password, read from standard
// input, in this PC's credential store for the user running the command.
func saveMailPassword(env Env, s *data.Store) error {
	cfg, err := s.MailSettings()
	if err != nil {
		return err
	}
	if !cfg.Enabled() {
		return notifyError(env, notify.ErrMailOff)
	}
	if cfg.User == "" {
		return fail(env, exitUsage, "notify.no_login")
	}
	pw, err := readMailPassword(env)
	if err != nil {
		return err
	}
	if err := notify.SavePassword(cfg, secrets, pw); err != nil {
		return notifyError(env, err)
	}
	fmt.Fprintln(env.Stdout, tr(env, "notify.saved", "User", notify.KeyringUser(cfg)))
	return nil
}

// readMailPassword reads the mail server's password from the terminal
// without echo (twice) or as the first line of standard input.
func readMailPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readTerminalPassword(env, f, "notify.password")
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fail(env, exitFailed, "read_password", "Err", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", fail(env, exitUsage, "notify.empty_password")
	}
	return pw, nil
}
