/*
 * TEST ONLY - never ship this file or the DLL built from it.
 *
 * Go's Windows runtime (1.22 and later) draws its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11 has but
 * Wine 8.0 (Debian 12) does not. This one-function stand-in forwards to
 * RtlGenRandom (advapi32's SystemFunction036) so that .ci/wine-smoke can
 * start upgradedesk.exe under Wine. It is copied into the throw-away Wine
 * prefix's system32, never next to the executable.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
