// The reasons the workflow gives in English (the instruction reader's "unreadable", a refused
// reply) said in Vietnamese for the clerk and the leader: the console's timeline and the error a
// clerk sees when the words he typed cannot be read. Pure. A reason not known here is shown as it
// is rather than guessed.

const QUOTED: Array<[RegExp, (q: string) => string]> = [
  [/^"(.+)" names more than one unit$/, (q) => `“${q}” có thể là nhiều đơn vị`],
  [/^"(.+)" holds the document back$/, (q) => `“${q}” là giữ văn bản lại, không phải giao xử lý`],
  [/^"(.+)" names an outside organ, not a unit of the agency$/, (q) => `“${q}” là cơ quan bên ngoài, không phải đơn vị của cơ quan`],
  [/^"(.+)" does not say which unit$/, (q) => `“${q}” không nói rõ đơn vị nào`],
  [/^"(.+)" is not in the agency's list of units$/, (q) => `“${q}” không có trong danh sách đơn vị của cơ quan`],
  [/^"(.+)" names someone not in the agency's list$/, (q) => `“${q}” nêu người không có trong danh sách của cơ quan`],
  [/^(\S+) is named twice with two roles$/, (q) => `đơn vị ${q} được nêu hai lần với hai vai trò khác nhau`],
];

const FIXED: Record<string, string> = {
  'the reply has no words of its own': 'không có nội dung (ngoài phần trích thư trước)',
  'the reply asks a question': 'đây là một câu hỏi, không phải ý kiến chỉ đạo',
  'an automatic answer (out of office), not an instruction': 'thư trả lời tự động (vắng mặt), không phải ý kiến chỉ đạo',
  'an automatic answer (out of office)': 'thư trả lời tự động (vắng mặt)',
  'files the document and assigns it in the same reply': 'vừa cho lưu vừa giao xử lý trong cùng một ý kiến',
  'agrees with a proposal that names no unit': 'đồng ý với đề xuất nhưng đề xuất không nêu đơn vị nào',
  'no instruction found': 'không thấy ý kiến chỉ đạo',
  "names no unit or person from the agency's list": 'không nêu đơn vị hoặc người nào trong danh sách của cơ quan',
  'names no unit in charge (chủ trì)': 'không nêu đơn vị chủ trì',
  'the mail it answers names no unit': 'thư được trả lời không gắn với đơn vị nào',
  'the document was already completed: a new instruction is for the clerk': 'văn bản đã được xử lý xong; ý kiến mới cần văn thư xem xét',
};

/** A deadline the reader could not use (deadline.ts). */
function deadlineVi(s: string): string {
  let m = /^(\d+\/\d+(?:\/\d+)?) is not a date$/.exec(s);
  if (m) return `${m[1]} không phải là một ngày`;
  m = /^"(.+)" is not a usable time limit$/.exec(s);
  if (m) return `“${m[1]}” không phải là thời hạn dùng được`;
  m = /^two different deadlines \((.+)\)$/.exec(s);
  if (m) return `có hai hạn khác nhau (${m[1]})`;
  return s;
}

/** Why the instruction reader (or the unit reply reader) could not read a text, in Vietnamese. */
export function readerReasonVi(reason: string): string {
  const r = reason.trim();
  if (FIXED[r]) return FIXED[r];
  if (r.startsWith('deadline: ')) return `hạn giải quyết: ${deadlineVi(r.slice('deadline: '.length))}`;
  for (const [re, say] of QUOTED) {
    const m = re.exec(r);
    if (m) return say(m[1]!);
  }
  return r;
}

/** Why a reply changed nothing (reply.ts refuse): not from the address asked, or origin not proven. */
export function refusalVi(detail: { reason?: unknown; codes?: unknown; from?: unknown; expected?: unknown }): string {
  const codes = Array.isArray(detail.codes) ? detail.codes.map(String) : [];
  if (codes.includes('NOT_THE_ADDRESSEE')) return `không phải từ địa chỉ được gửi (thư từ ${String(detail.from || 'địa chỉ không rõ')}, thư đã gửi cho ${String(detail.expected ?? '')})`;
  if (String(detail.reason ?? '').startsWith('origin not proven')) return `không xác minh được thư do chính người nhận gửi${codes.length ? ` (mã: ${codes.join(', ')})` : ''}`;
  return String(detail.reason ?? 'không rõ lý do');
}
