/**
 * The NetBIOS datagram backend: mailslots on the wire (UDP 138) and in capture files.
 * The codec modules it uses are pure (no sockets, no files), so the CLI and the tests share them.
 */
export { watchDatagrams, type NetbiosWatcher } from './udp-watcher';
export { ALL_MAILSLOTS } from '../core/endpoint';
export { openDatagramSender, defaultNetbiosName, type NetbiosSender } from './udp-sender';
export { readCapture, captureMessages, type CaptureResult, type CaptureDatagram, type CaptureOptions } from './pcap-datagrams';
export { writePcapng } from './pcapng-writer';
export { decodeMailslotDatagram, type MailslotDatagram } from './mailslot-datagram';
