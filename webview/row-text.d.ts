/** Local wall-clock time with milliseconds: `14:03:07.125`. */
export declare function formatTime(time: number): string;
