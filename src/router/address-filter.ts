/**
 * Which remote addresses a listener accepts: an allow-list and a deny-list of addresses and
 * subnets (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`), over Node's `net.BlockList`.
 * @internal
 * @module
 */
import { BlockList, isIPv6 } from 'node:net';

/** Allow and deny lists of a listener. */
export interface AddressFilterOptions {
  /** Only these addresses or subnets may connect (default: any). */
  readonly allowAddresses?: readonly string[];
  /** These addresses or subnets may not connect (default: none). Wins over `allowAddresses`. */
  readonly denyAddresses?: readonly string[];
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIPv6(address!) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return list;
}

/**
 * A check of remote addresses, or undefined when the options filter nothing.
 * @throws `TypeError` (from `net.BlockList`) on an entry that is not an address or subnet.
 */
export function addressFilter(options: AddressFilterOptions): ((address: string | undefined) => boolean) | undefined {
  if (!options.allowAddresses && !options.denyAddresses) return undefined;
  const allow = options.allowAddresses ? blockList(options.allowAddresses) : undefined;
  const deny = options.denyAddresses ? blockList(options.denyAddresses) : undefined;
  return (address) => {
    if (address === undefined) return allow === undefined;
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address; // IPv4 seen through IPv6
    const type = isIPv6(plain) ? 'ipv6' : 'ipv4';
    if (deny?.check(plain, type)) return false;
    return allow === undefined || allow.check(plain, type);
  };
}
