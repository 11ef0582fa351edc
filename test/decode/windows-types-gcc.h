/* The Windows type names for the host gcc (Linux x86_64, LP64), with their Windows x64 sizes:
   DWORD and ULONG are 32-bit here as on Windows. Plain `long` and `wchar_t` keep their Linux sizes,
   which is exactly where LP64 and Windows' LLP64 differ. */
#include <stdint.h>
#include <stddef.h>
#include <wchar.h>
typedef uint8_t BYTE, UCHAR, BOOLEAN;
typedef char CHAR;
typedef uint16_t WORD, USHORT, WCHAR;
typedef int16_t SHORT;
typedef uint32_t DWORD, UINT, ULONG;
typedef int32_t INT, LONG, BOOL;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG, DWORD64, SIZE_T;
typedef float FLOAT;
typedef void *HANDLE;
typedef char *LPSTR;
#define DUMMYSTRUCTNAME
#define DUMMYUNIONNAME
