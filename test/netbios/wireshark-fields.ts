/**
 * What Slotpipe's decoder says about a datagram, spelled as Wireshark's fields, so a test can compare
 * the two decoders field by field.
 */
import { decodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { formatNetbiosName, MSBROWSE, type NetbiosName } from '../../extension/netbios/netbios-name';
import assert from 'node:assert/strict';
import { PROBLEM_FIELDS, type PacketFields } from './tshark-capture';

export const FIELDS = [
  'nbdgm.type', 'nbdgm.next', 'nbdgm.first', 'nbdgm.node_type', 'nbdgm.dgram_id', 'nbdgm.src.ip', 'nbdgm.src.port', 'nbdgm.dgram_len',
  'nbdgm.pkt_offset', 'nbdgm.source_name', 'nbdgm.destination_name', 'nbdgm.error_code',
  'smb.cmd', 'smb.wct', 'smb.tdc', 'smb.dc', 'smb.data_offset', 'smb.sc', 'smb.bcc', 'smb.trans_name',
  'mailslot.opcode', 'mailslot.priority', 'mailslot.class', 'mailslot.name', 'data.data',
  'browser.command', 'browser.update_count', 'browser.period', 'browser.server', 'browser.os_major', 'browser.os_minor', 'browser.server_type',
  'browser.proto_major', 'browser.proto_minor', 'browser.sig', 'browser.comment', 'browser.mb_server', 'browser.election.version', 'browser.election.criteria',
  'browser.uptime', 'browser.backup.count', 'browser.backup.token', 'browser.backup.server',
  ...PROBLEM_FIELDS,
];

/** Wireshark's way of showing a name (special bytes in angle brackets, the wildcard's zero padding too). */
function wiresharkName(n: NetbiosName): string {
  const shown = n.name === MSBROWSE ? '<01><02>__MSBROWSE__<02>' : n.name === '*' ? `*${'<00>'.repeat(14)}` : n.name;
  return formatNetbiosName({ ...n, name: shown });
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
export const one = (fields: PacketFields, key: string) => fields[key]?.[0];

/** Slotpipe's reading of the datagram for the fields both decoders show. */
export function expectedFields(bytes: Uint8Array): Record<string, string | string[] | undefined> {
  const decoded = decodeMailslotDatagram(bytes);
  const d = decoded.datagram;
  const expected: Record<string, string | string[] | undefined> = {
    'nbdgm.type': String(d.type),
    'nbdgm.dgram_id': `0x${d.id.toString(16).padStart(4, '0')}`,
    'nbdgm.src.ip': d.sourceIp,
    'nbdgm.src.port': String(d.sourcePort),
    'nbdgm.node_type': String(d.nodeType),
    'nbdgm.next': d.more ? '1' : '0',
    'nbdgm.first': d.first ? '1' : '0',
  };
  if (d.errorCode !== undefined) expected['nbdgm.error_code'] = `0x${d.errorCode.toString(16).padStart(2, '0')}`;
  if (d.length !== undefined) {
    expected['nbdgm.dgram_len'] = String(d.length);
    expected['nbdgm.pkt_offset'] = String(d.offset);
  }
  if (d.sourceName) expected['nbdgm.source_name'] = wiresharkName(d.sourceName);
  if (d.destinationName) expected['nbdgm.destination_name'] = wiresharkName(d.destinationName);
  if (decoded.smb) {
    expected['smb.trans_name'] = decoded.mailslot;
    expected['smb.data_offset'] = String(decoded.smb.dataOffset);
    expected['smb.dc'] = String(decoded.data.length);
  }
  // Wireshark hands a transaction to the mailslot dissector only when it carries data.
  if (decoded.smb && decoded.data.length) {
    expected['mailslot.name'] = decoded.mailslot;
    expected['mailslot.opcode'] = String(decoded.smb.opcode);
    expected['mailslot.priority'] = String(decoded.smb.priority);
    expected['mailslot.class'] = String(decoded.smb.class);
  }
  const b = decoded.browser;
  if (b) {
    const f = b.fields;
    expected['browser.command'] = `0x${b.command.toString(16).padStart(2, '0')}`;
    if (f.serverName !== undefined || f.workgroup !== undefined) expected['browser.server'] = String(f.serverName ?? f.workgroup);
    if (f.periodicity !== undefined) expected['browser.period'] = String(f.periodicity);
    if (f.updateCount !== undefined) expected['browser.update_count'] = String(f.updateCount);
    if (f.serverType !== undefined) expected['browser.server_type'] = `0x${(f.serverType as number).toString(16).padStart(8, '0')}`;
    if (f.osVersionMajor !== undefined) expected['browser.os_major'] = String(f.osVersionMajor);
    if (f.signature !== undefined) expected['browser.sig'] = `0x${(f.signature as number).toString(16)}`;
    if (f.comment !== undefined) expected['browser.comment'] = String(f.comment);
    if (f.masterBrowser !== undefined) expected['browser.mb_server'] = String(f.masterBrowser);
    if (f.criteria !== undefined) expected['browser.election.criteria'] = `0x${(f.criteria as number).toString(16).padStart(8, '0')}`;
    if (f.uptime !== undefined) expected['browser.uptime'] = String(f.uptime);
    if (f.token !== undefined) expected['browser.backup.token'] = String(f.token);
    if (f.requestedCount !== undefined) expected['browser.backup.count'] = String(f.requestedCount);
    if (f.backupServerCount !== undefined) expected['browser.backup.count'] = String(f.backupServerCount);
    if (f.backupServers !== undefined) expected['browser.backup.server'] = f.backupServers as string[];
  } else if (decoded.smb && decoded.data.length) {
    expected['data.data'] = hex(decoded.data);
  }
  return expected;
}


/** Wireshark found nothing wrong with the packet, and read every field as Slotpipe does. */
export function assertSameAsWireshark(bytes: Uint8Array, got: PacketFields, label: string): void {
  for (const problem of PROBLEM_FIELDS) assert.equal(got[problem], undefined, `${label}: Wireshark reports ${problem} = ${JSON.stringify(got[problem])}`);
  for (const [key, value] of Object.entries(expectedFields(bytes))) {
    if (value === undefined) continue;
    const actual = Array.isArray(value) ? got[key] : one(got, key);
    assert.deepEqual(actual, value, `${label}: ${key}`);
  }
  if (decodeMailslotDatagram(bytes).smb) assert.equal(one(got, 'smb.cmd'), '0x25', `${label}: smb.cmd`);
}
