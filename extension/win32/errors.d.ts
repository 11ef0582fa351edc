export declare const ERROR: {
    readonly FILE_NOT_FOUND: 2;
    readonly PATH_NOT_FOUND: 3;
    readonly ACCESS_DENIED: 5;
    readonly INVALID_HANDLE: 6;
    readonly NOT_ENOUGH_MEMORY: 8;
    readonly INVALID_PARAMETER: 87;
    readonly BROKEN_PIPE: 109;
    readonly SEM_TIMEOUT: 121;
    readonly INSUFFICIENT_BUFFER: 122;
    readonly INVALID_NAME: 123;
    readonly ALREADY_EXISTS: 183;
    readonly BAD_PIPE: 230;
    readonly PIPE_BUSY: 231;
    readonly NO_DATA: 232;
    readonly PIPE_NOT_CONNECTED: 233;
    readonly MORE_DATA: 234;
    readonly WAIT_TIMEOUT: 258;
    readonly OPERATION_ABORTED: 995;
    readonly IO_PENDING: 997;
    readonly PIPE_CONNECTED: 535;
    readonly PIPE_LISTENING: 536;
    readonly BAD_NETPATH: 53;
    readonly NETWORK_ACCESS_DENIED: 65;
    readonly BAD_NET_NAME: 67;
};
export declare function win32ErrorName(code: number): string;
/** The system's message for an error code, without the trailing line break. */
export declare function systemMessage(code: number): string;
/** Plain data, so it can cross from the I/O worker to the main thread. */
export interface Win32ErrorInfo {
    code: number;
    name: string;
    /** What Slotpipe was doing, e.g. `CreateMailslotW(\\.\mailslot\sms)`. */
    operation: string;
    systemMessage: string;
    /** A sentence for people, e.g. what to do about it. */
    hint?: string;
}
export declare class Win32Error extends Error {
    readonly info: Win32ErrorInfo;
    readonly code: number;
    readonly win32Name: string;
    readonly systemMessage: string;
    constructor(info: Win32ErrorInfo);
}
/** Describes the calling thread's last error (call it right after the failing call). */
export declare function lastError(operation: string, hints?: Partial<Record<number, string>>): Win32ErrorInfo;
export declare function errorInfo(code: number, operation: string, hint?: string): Win32ErrorInfo;
