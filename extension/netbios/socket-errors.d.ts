/** Turns the errors of binding UDP sockets into sentences that say what to do. */
export declare function bindErrorMessage(err: NodeJS.ErrnoException, address: string, port: number, what: string): string;
