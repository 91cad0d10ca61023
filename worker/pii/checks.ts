/** Checksums that separate real identifiers from look-alike digit runs. Pure; no I/O. */

/** Luhn (mod 10) check over a string of digits, as used by every payment card number. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
export function cardPrefixPlausible(digits: string): boolean {
  return /^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6|50|5[6-8])/.test(digits);
}

/** IBAN lengths per country (ISO 13616 registry, the common ones); others only need 15..34 characters. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  ME: 22,
  MK: 19,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
};

/** IBAN check: country length (when known) and ISO 7064 mod 97-10 over the rearranged characters. */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** US Social Security Number rules: area not 000/666/9xx, group not 00, serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === "000" || area === "666" || area.startsWith("9")) return false;
  return group !== "00" && serial !== "0000";
}

// ---------------------------------------------------------------------------------------------- national ids

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function dniValid(value: string): boolean {
  const v = value.replace(/[\s-]/g, "").toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (!m) return false;
  const prefix = m[1] ? String("XYZ".indexOf(m[1])) : "";
  if ((prefix === "" && m[2]!.length !== 8) || (prefix !== "" && m[2]!.length !== 7)) return false;
  return DNI_LETTERS[Number(prefix + m[2]) % 23] === m[3];
}

/** Weighted mod-11 check digit over the first n-1 digits, weights n..2 (Portugal's NIF style). */
function mod11CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * (digits.length + 1 - i);
  const r = 11 - (sum % 11);
  return r >= 10 ? 0 : r;
}

/** Portuguese NIF/NIPC: 9 digits, a known first digit, the last one a mod-11 check digit. */
export function nifPtValid(value: string): boolean {
  const d = value.replace(/\s/g, "");
  if (!/^[1235689]\d{8}$/.test(d)) return false;
  return mod11CheckDigit(d.slice(0, 8)) === Number(d[8]);
}

/** Brazilian CPF: 11 digits with two mod-11 check digits; repeated digits (111.111.111-11) are invalid. */
export function cpfValid(value: string): boolean {
  const d = value.replace(/[.\s-]/g, "");
  if (!/^\d{11}$/.test(d) || /^(\d)\1{10}$/.test(d)) return false;
  const check = (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (d.charCodeAt(i) - 48) * (n + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === Number(d[9]) && check(10) === Number(d[10]);
}

/** Dutch BSN: 9 digits passing the "elfproef" (weights 9..2 and -1, sum divisible by 11). */
export function bsnValid(value: string): boolean {
  const d = value.replace(/[\s.]/g, "");
  if (!/^\d{9}$/.test(d) || /^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d.charCodeAt(i) - 48) * (9 - i);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/** French NIR (numéro de sécurité sociale): 13 characters + a 2-digit key = 97 - (number mod 97); Corsica 2A/2B. */
export function nirValid(value: string): boolean {
  const v = value.replace(/\s/g, "").toUpperCase();
  const m = /^([12]\d{4}(?:\d{2}|2A|2B)\d{6})(\d{2})$/.exec(v);
  if (!m) return false;
  const body = m[1]!.replace("2A", "19").replace("2B", "18");
  const key = 97 - Number(BigInt(body) % 97n);
  return key === Number(m[2]);
}

/** German tax id (Steuer-ID): 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit. */
export function steuerIdValid(value: string): boolean {
  const d = value.replace(/\s/g, "");
  if (!/^[1-9]\d{10}$/.test(d)) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    const sum = (d.charCodeAt(i) - 48 + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return (check === 10 ? 0 : check) === Number(d[10]);
}
