/*
 * TEST ONLY. `nostd.exe PROGRAM ARGS...` starts PROGRAM with no standard
 * handles (as Windows starts a GUI-subsystem program typed at a cmd.exe
 * prompt), waits and returns its exit status. Wine's cmd.exe passes its
 * console handles even to GUI programs, so .ci/wine-smoke uses this to
 * check that upgradedesk.exe finds its parent's console by itself.
 */
#include <windows.h>

int main(void)
{
	LPWSTR cmd = GetCommandLineW();
	BOOL quoted = FALSE;
	for (; *cmd && (quoted || (*cmd != L' ' && *cmd != L'\t')); cmd++)
		if (*cmd == L'"')
			quoted = !quoted;
	while (*cmd == L' ' || *cmd == L'\t')
		cmd++;

	STARTUPINFOW si = {sizeof si};
	PROCESS_INFORMATION pi;
	si.dwFlags = STARTF_USESTDHANDLES; /* and all three handles NULL */
	if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
		return 100;
	WaitForSingleObject(pi.hProcess, INFINITE);
	DWORD code = 101;
	GetExitCodeProcess(pi.hProcess, &code);
	return (int)code;
}
