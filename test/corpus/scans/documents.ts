// Scanned documents for the OCR corpus (test/unit/extract/scans-corpus.test.ts): each is written
// line by line as printed, its label typed by hand from what it says (never from the extractor's
// output), then printed (the extract corpus's PDF templates), stamped (red seal over the signer's
// name; a red boxed or rubber-stamp mark in its Decree 30 place), scanned at 200 dpi and damaged
// (make.ts). Unmarked ones say "khẩn trương", "khẩn cấp" or "bí mật" in their body: no mark.
import { MOTTO, type Handmade } from '../extract/handmade.js';
import type { Layout } from '../extract/generate.js';

export interface ScanSpec extends Omit<Handmade, 'renders'> {
  layout: Extract<Layout, 'flat' | 'narrow' | 'grid'>;
  /** How it travels: an image-only PDF, or the page images themselves. */
  as: 'pdf' | 'png' | 'jpeg' | 'tiff';
  /** A red mark under the number (Decree 30 App. I, 10a/10b): a printed box, or a rubber stamp. */
  stamp?: { text: string; style: 'box' | 'rubber' };
  /** Tilt in degrees; a phone photo instead of a flatbed scan (shear, uneven light). */
  tilt: number;
  photo?: boolean;
}

const CV = (n: string): string => `Số: ${n}`;

export const SCAN_DOCS: ScanSpec[] = [
  {
    id: 's01',
    layout: 'narrow',
    as: 'pdf',
    tilt: 1.2,
    stamp: { text: 'MẬT', style: 'box' },
    left: ['UBND TỈNH LONG AN', 'SỞ NỘI VỤ', '--------', CV('218/SNV-TCBC'), 'V/v rà soát biên chế công chức năm 2025'],
    right: [...MOTTO, 'Long An, ngày 09 tháng 4 năm 2024'],
    kinhGui: ['Các sở, ban, ngành tỉnh'],
    body: ['Sở Nội vụ đề nghị các cơ quan, đơn vị rà soát số lượng biên chế được giao và báo cáo trước ngày 30 tháng 4 năm 2024.', 'Đề nghị các cơ quan, đơn vị thực hiện đúng thời gian quy định./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, TCBC.'],
    footerRight: ['GIÁM ĐỐC', '', '', 'Lê Thị Thu Hà'],
    label: {
      organName: 'SỞ NỘI VỤ', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '218', codeNotation: 'SNV-TCBC', typeName: 'Công văn', issuedDate: '2024-04-09', place: 'Long An',
      subject: 'V/v rà soát biên chế công chức năm 2025', signer: { authority: null, position: 'GIÁM ĐỐC', fullName: 'Lê Thị Thu Hà' }, recipients: ['Như trên', 'Lưu: VT, TCBC'], urgency: null, secrecy: 'Mật',
    },
  },
  {
    id: 's02',
    layout: 'flat',
    as: 'pdf',
    tilt: -1.8,
    stamp: { text: 'KHẨN', style: 'box' },
    left: ['ỦY BAN NHÂN DÂN', 'HUYỆN ĐỨC HÒA', '--------', CV('1045/UBND-NC'), 'V/v phòng, chống dịch sốt xuất huyết'],
    right: [...MOTTO, 'Đức Hòa, ngày 22 tháng 7 năm 2024'],
    kinhGui: ['Ủy ban nhân dân các xã, thị trấn'],
    body: ['Trước tình hình dịch bệnh diễn biến phức tạp, Ủy ban nhân dân huyện yêu cầu các xã, thị trấn tổ chức ra quân diệt lăng quăng, bọ gậy.', 'Trung tâm Y tế huyện hướng dẫn việc phun hóa chất tại các ổ dịch./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- TT.HU, TT.HĐND huyện;', '- Lưu: VT.'],
    footerRight: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '', '', 'Nguyễn Văn Tâm'],
    label: {
      organName: 'ỦY BAN NHÂN DÂN HUYỆN ĐỨC HÒA', parentOrganName: null, codeNumber: '1045', codeNotation: 'UBND-NC', typeName: 'Công văn', issuedDate: '2024-07-22', place: 'Đức Hòa',
      subject: 'V/v phòng, chống dịch sốt xuất huyết', signer: { authority: 'TM.', position: 'CHỦ TỊCH', fullName: 'Nguyễn Văn Tâm' }, recipients: ['Như trên', 'TT.HU, TT.HĐND huyện', 'Lưu: VT'], urgency: 'Khẩn', secrecy: null,
    },
  },
  {
    id: 's03',
    layout: 'narrow',
    as: 'pdf',
    tilt: 2.4,
    left: ['ỦY BAN NHÂN DÂN', 'TỈNH LONG AN', '--------', CV('2311/QĐ-UBND')],
    right: [...MOTTO, 'Long An, ngày 15 tháng 8 năm 2024'],
    title: 'QUYẾT ĐỊNH',
    subject: ['Về việc thành lập Tổ công tác kiểm tra', 'công tác cải cách hành chính năm 2024'],
    competence: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LONG AN',
    body: ['Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;', 'Xét đề nghị của Giám đốc Sở Nội vụ, các đơn vị khẩn trương kiện toàn bộ phận một cửa;', 'QUYẾT ĐỊNH:', 'Điều 1. Thành lập Tổ công tác kiểm tra công tác cải cách hành chính năm 2024.', 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.'],
    footerLeft: ['Nơi nhận:', '- Như Điều 2;', '- Lưu: VT, NC.'],
    footerRight: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', '', 'Phạm Tấn Hòa'],
    label: {
      organName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN', parentOrganName: null, codeNumber: '2311', codeNotation: 'QĐ-UBND', typeName: 'Quyết định', issuedDate: '2024-08-15', place: 'Long An',
      subject: 'Về việc thành lập Tổ công tác kiểm tra công tác cải cách hành chính năm 2024', signer: { authority: 'KT.', position: 'PHÓ CHỦ TỊCH', fullName: 'Phạm Tấn Hòa' }, recipients: ['Như Điều 2', 'Lưu: VT, NC'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's04',
    layout: 'grid',
    as: 'png',
    tilt: -0.9,
    left: ['UBND TỈNH LONG AN', 'SỞ TÀI CHÍNH', '--------', CV('876/STC-NS'), 'V/v hướng dẫn quyết toán ngân sách năm 2023'],
    right: [...MOTTO, 'Long An, ngày 05 tháng 3 năm 2024'],
    kinhGui: ['Các cơ quan, đơn vị dự toán cấp tỉnh'],
    body: ['Sở Tài chính đề nghị các đơn vị khẩn trương lập báo cáo quyết toán ngân sách năm 2023 theo mẫu biểu quy định.', 'Báo cáo gửi về Sở Tài chính trước ngày 31 tháng 3 năm 2024./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Kho bạc Nhà nước tỉnh;', '- Lưu: VT, NS.'],
    footerRight: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', 'Võ Minh Khoa'],
    label: {
      organName: 'SỞ TÀI CHÍNH', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '876', codeNotation: 'STC-NS', typeName: 'Công văn', issuedDate: '2024-03-05', place: 'Long An',
      subject: 'V/v hướng dẫn quyết toán ngân sách năm 2023', signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Võ Minh Khoa' }, recipients: ['Như trên', 'Kho bạc Nhà nước tỉnh', 'Lưu: VT, NS'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's05',
    layout: 'flat',
    as: 'jpeg',
    tilt: 1.6,
    stamp: { text: 'TỐI MẬT', style: 'rubber' },
    left: ['BỘ CÔNG AN', 'CÔNG AN TỈNH LONG AN', '--------', CV('512/CAT-PV01'), 'V/v bảo đảm an ninh dịp Quốc khánh'],
    right: [...MOTTO, 'Long An, ngày 20 tháng 8 năm 2024'],
    kinhGui: ['Công an các huyện, thị xã, thành phố'],
    body: ['Công an tỉnh yêu cầu Công an các đơn vị, địa phương triển khai phương án bảo đảm an ninh, trật tự dịp Quốc khánh 02 tháng 9.', 'Các đơn vị báo cáo kết quả thực hiện về Công an tỉnh./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, PV01.'],
    footerRight: ['GIÁM ĐỐC', '', '', 'Đinh Quốc Bảo'],
    label: {
      organName: 'CÔNG AN TỈNH LONG AN', parentOrganName: 'BỘ CÔNG AN', codeNumber: '512', codeNotation: 'CAT-PV01', typeName: 'Công văn', issuedDate: '2024-08-20', place: 'Long An',
      subject: 'V/v bảo đảm an ninh dịp Quốc khánh', signer: { authority: null, position: 'GIÁM ĐỐC', fullName: 'Đinh Quốc Bảo' }, recipients: ['Như trên', 'Lưu: VT, PV01'], urgency: null, secrecy: 'Tối mật',
    },
  },
  {
    id: 's06',
    layout: 'narrow',
    as: 'pdf',
    tilt: -2.6,
    left: ['UBND HUYỆN CẦN GIUỘC', 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', '--------', CV('95/TB-PGDĐT')],
    right: [...MOTTO, 'Cần Giuộc, ngày 12 tháng 9 năm 2024'],
    title: 'THÔNG BÁO',
    subject: ['Lịch tổ chức hội thi giáo viên dạy giỏi cấp huyện'],
    body: ['Phòng Giáo dục và Đào tạo thông báo lịch tổ chức hội thi giáo viên dạy giỏi cấp huyện năm học 2024 - 2025.', 'Trường hợp có việc khẩn cấp, các trường liên hệ bộ phận chuyên môn của Phòng./.'],
    footerLeft: ['Nơi nhận:', '- Các trường trực thuộc;', '- Lưu: VT.'],
    footerRight: ['TRƯỞNG PHÒNG', '', '', 'Huỳnh Thanh Sơn'],
    label: {
      organName: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', parentOrganName: 'UBND HUYỆN CẦN GIUỘC', codeNumber: '95', codeNotation: 'TB-PGDĐT', typeName: 'Thông báo', issuedDate: '2024-09-12', place: 'Cần Giuộc',
      subject: 'Lịch tổ chức hội thi giáo viên dạy giỏi cấp huyện', signer: { authority: null, position: 'TRƯỞNG PHÒNG', fullName: 'Huỳnh Thanh Sơn' }, recipients: ['Các trường trực thuộc', 'Lưu: VT'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's07',
    layout: 'grid',
    as: 'pdf',
    tilt: 0.7,
    stamp: { text: 'HỎA TỐC', style: 'box' },
    left: ['UBND TỈNH LONG AN', 'SỞ NÔNG NGHIỆP VÀ', 'PHÁT TRIỂN NÔNG THÔN', '--------', CV('1530/SNN-TL'), 'V/v ứng phó xâm nhập mặn'],
    right: [...MOTTO, 'Long An, ngày 03 tháng 2 năm 2024'],
    kinhGui: ['Ủy ban nhân dân các huyện ven biển'],
    body: ['Sở Nông nghiệp và Phát triển nông thôn đề nghị các địa phương vận hành các cống ngăn mặn, trữ ngọt.', 'Các địa phương cập nhật số liệu độ mặn hằng ngày./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Chi cục Thủy lợi;', '- Lưu: VT, TL.'],
    footerRight: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', 'Trương Công Danh'],
    label: {
      organName: 'SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '1530', codeNotation: 'SNN-TL', typeName: 'Công văn', issuedDate: '2024-02-03', place: 'Long An',
      subject: 'V/v ứng phó xâm nhập mặn', signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Trương Công Danh' }, recipients: ['Như trên', 'Chi cục Thủy lợi', 'Lưu: VT, TL'], urgency: 'Hỏa tốc', secrecy: null,
    },
  },
  {
    id: 's08',
    layout: 'flat',
    as: 'tiff',
    tilt: -1.1,
    left: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ TÂN AN', '--------', CV('3012/KH-UBND')],
    right: [...MOTTO, 'Tân An, ngày 28 tháng 10 năm 2024'],
    title: 'KẾ HOẠCH',
    subject: ['Tổ chức Ngày hội chuyển đổi số năm 2024'],
    body: ['Ủy ban nhân dân thành phố ban hành Kế hoạch tổ chức Ngày hội chuyển đổi số năm 2024 với các nội dung chủ yếu sau.', 'Các phòng, ban khẩn trương chuẩn bị gian trưng bày, bảo đảm an toàn thông tin và bí mật nhà nước theo quy định./.'],
    footerLeft: ['Nơi nhận:', '- Sở Thông tin và Truyền thông;', '- Lưu: VT.'],
    footerRight: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', '', 'Lâm Văn Phúc'],
    label: {
      organName: 'ỦY BAN NHÂN DÂN THÀNH PHỐ TÂN AN', parentOrganName: null, codeNumber: '3012', codeNotation: 'KH-UBND', typeName: 'Kế hoạch', issuedDate: '2024-10-28', place: 'Tân An',
      subject: 'Tổ chức Ngày hội chuyển đổi số năm 2024', signer: { authority: 'KT.', position: 'PHÓ CHỦ TỊCH', fullName: 'Lâm Văn Phúc' }, recipients: ['Sở Thông tin và Truyền thông', 'Lưu: VT'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's09',
    layout: 'narrow',
    as: 'jpeg',
    tilt: 2.0,
    photo: true,
    left: ['UBND TỈNH LONG AN', 'SỞ Y TẾ', '--------', CV('2204/SYT-NVY'), 'V/v tăng cường phòng chống bệnh tay chân miệng'],
    right: [...MOTTO, 'Long An, ngày 17 tháng 6 năm 2024'],
    kinhGui: ['Các bệnh viện, Trung tâm Y tế huyện'],
    body: ['Sở Y tế đề nghị các đơn vị khẩn trương tăng cường giám sát, phát hiện sớm ca bệnh tay chân miệng tại cộng đồng.', 'Các đơn vị báo cáo kịp thời khi có ổ dịch./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, NVY.'],
    footerRight: ['GIÁM ĐỐC', '', '', 'Huỳnh Minh Phúc'],
    label: {
      organName: 'SỞ Y TẾ', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '2204', codeNotation: 'SYT-NVY', typeName: 'Công văn', issuedDate: '2024-06-17', place: 'Long An',
      subject: 'V/v tăng cường phòng chống bệnh tay chân miệng', signer: { authority: null, position: 'GIÁM ĐỐC', fullName: 'Huỳnh Minh Phúc' }, recipients: ['Như trên', 'Lưu: VT, NVY'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's10',
    layout: 'grid',
    as: 'pdf',
    tilt: -1.4,
    stamp: { text: 'TUYỆT MẬT', style: 'box' },
    left: ['BỘ CHỈ HUY QUÂN SỰ', 'TỈNH LONG AN', '--------', CV('77/BCH-TM'), 'V/v kế hoạch diễn tập khu vực phòng thủ'],
    right: [...MOTTO, 'Long An, ngày 11 tháng 11 năm 2024'],
    kinhGui: ['Ban Chỉ huy quân sự các huyện'],
    body: ['Bộ Chỉ huy Quân sự tỉnh thông báo kế hoạch diễn tập khu vực phòng thủ năm 2024.', 'Các đơn vị quán triệt và thực hiện nghiêm./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, TM.'],
    footerRight: ['CHỈ HUY TRƯỞNG', '', '', 'Nguyễn Hữu Nghĩa'],
    label: {
      organName: 'BỘ CHỈ HUY QUÂN SỰ TỈNH LONG AN', parentOrganName: null, codeNumber: '77', codeNotation: 'BCH-TM', typeName: 'Công văn', issuedDate: '2024-11-11', place: 'Long An',
      subject: 'V/v kế hoạch diễn tập khu vực phòng thủ', signer: { authority: null, position: 'CHỈ HUY TRƯỞNG', fullName: 'Nguyễn Hữu Nghĩa' }, recipients: ['Như trên', 'Lưu: VT, TM'], urgency: null, secrecy: 'Tuyệt mật',
    },
  },
  {
    id: 's11',
    layout: 'flat',
    as: 'pdf',
    tilt: 1.9,
    bodyRepeat: 1,
    left: ['UBND TỈNH LONG AN', 'SỞ GIAO THÔNG VẬN TẢI', '--------', CV('3387/BC-SGTVT')],
    right: [...MOTTO, 'Long An, ngày 25 tháng 12 năm 2024'],
    title: 'BÁO CÁO',
    subject: ['Kết quả bảo đảm trật tự an toàn giao thông năm 2024'],
    kinhGui: ['Ủy ban nhân dân tỉnh Long An'],
    body: ['Sở Giao thông vận tải báo cáo kết quả thực hiện công tác bảo đảm trật tự an toàn giao thông năm 2024 trên địa bàn tỉnh như sau.', 'Tai nạn giao thông giảm cả ba tiêu chí; các điểm đen được xử lý khẩn cấp ngay trong quý.', 'Năm 2025, Sở tiếp tục phối hợp với Công an tỉnh tuần tra, kiểm soát./.'],
    footerLeft: ['Nơi nhận:', '- UBND tỉnh (b/c);', '- Ban ATGT tỉnh;', '- Lưu: VT.'],
    footerRight: ['GIÁM ĐỐC', '', '', 'Trần Quang Vinh'],
    label: {
      organName: 'SỞ GIAO THÔNG VẬN TẢI', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '3387', codeNotation: 'BC-SGTVT', typeName: 'Báo cáo', issuedDate: '2024-12-25', place: 'Long An',
      subject: 'Kết quả bảo đảm trật tự an toàn giao thông năm 2024', signer: { authority: null, position: 'GIÁM ĐỐC', fullName: 'Trần Quang Vinh' }, recipients: ['UBND tỉnh (b/c)', 'Ban ATGT tỉnh', 'Lưu: VT'], urgency: null, secrecy: null,
    },
  },
  {
    id: 's12',
    layout: 'narrow',
    as: 'png',
    tilt: -0.5,
    stamp: { text: 'THƯỢNG KHẨN', style: 'rubber' },
    left: ['UBND TỈNH LONG AN', 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', '--------', CV('4120/STNMT-CCBVMT'), 'V/v xử lý sự cố tràn dầu trên sông Vàm Cỏ'],
    right: [...MOTTO, 'Long An, ngày 08 tháng 5 năm 2024'],
    kinhGui: ['Ủy ban nhân dân huyện Bến Lức'],
    body: ['Sở Tài nguyên và Môi trường đề nghị Ủy ban nhân dân huyện chỉ đạo thu gom dầu tràn, khoanh vùng ô nhiễm.', 'Kết quả xử lý báo cáo về Sở trong ngày./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, CCBVMT.'],
    footerRight: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', 'Phan Văn Lộc'],
    label: {
      organName: 'SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '4120', codeNotation: 'STNMT-CCBVMT', typeName: 'Công văn', issuedDate: '2024-05-08', place: 'Long An',
      subject: 'V/v xử lý sự cố tràn dầu trên sông Vàm Cỏ', signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Phan Văn Lộc' }, recipients: ['Như trên', 'Lưu: VT, CCBVMT'], urgency: 'Thượng khẩn', secrecy: null,
    },
  },
  {
    id: 's13',
    layout: 'grid',
    as: 'jpeg',
    tilt: 1.3,
    photo: true,
    stamp: { text: 'MẬT', style: 'rubber' },
    left: ['ỦY BAN NHÂN DÂN', 'HUYỆN BẾN LỨC', '--------', CV('688/UBND-TTr'), 'V/v giải quyết đơn khiếu nại'],
    right: [...MOTTO, 'Bến Lức, ngày 14 tháng 3 năm 2024'],
    kinhGui: ['Thanh tra huyện'],
    body: ['Ủy ban nhân dân huyện giao Thanh tra huyện xác minh nội dung đơn khiếu nại của công dân.', 'Thanh tra huyện báo cáo kết quả trước ngày 15 tháng 4 năm 2024./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT.'],
    footerRight: ['CHỦ TỊCH', '', '', 'Đỗ Hoàng Nam'],
    label: {
      organName: 'ỦY BAN NHÂN DÂN HUYỆN BẾN LỨC', parentOrganName: null, codeNumber: '688', codeNotation: 'UBND-TTr', typeName: 'Công văn', issuedDate: '2024-03-14', place: 'Bến Lức',
      subject: 'V/v giải quyết đơn khiếu nại', signer: { authority: null, position: 'CHỦ TỊCH', fullName: 'Đỗ Hoàng Nam' }, recipients: ['Như trên', 'Lưu: VT'], urgency: null, secrecy: 'Mật',
    },
  },
  {
    id: 's14',
    layout: 'flat',
    as: 'pdf',
    tilt: -2.1,
    left: ['UBND TỈNH LONG AN', 'SỞ CÔNG THƯƠNG', '--------', CV('1877/SCT-QLTM'), 'V/v bình ổn thị trường dịp Tết Nguyên đán'],
    right: [...MOTTO, 'Long An, ngày 06 tháng 12 năm 2024'],
    kinhGui: ['Các doanh nghiệp tham gia chương trình bình ổn'],
    body: ['Sở Công thương đề nghị các doanh nghiệp khẩn trương dự trữ hàng hóa thiết yếu phục vụ Tết Nguyên đán.', 'Không tiết lộ bí mật kinh doanh của doanh nghiệp khi tổng hợp số liệu./.'],
    footerLeft: ['Nơi nhận:', '- Như trên;', '- Lưu: VT, QLTM.'],
    footerRight: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', 'Nguyễn Thị Mỹ Linh'],
    label: {
      organName: 'SỞ CÔNG THƯƠNG', parentOrganName: 'UBND TỈNH LONG AN', codeNumber: '1877', codeNotation: 'SCT-QLTM', typeName: 'Công văn', issuedDate: '2024-12-06', place: 'Long An',
      subject: 'V/v bình ổn thị trường dịp Tết Nguyên đán', signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Thị Mỹ Linh' }, recipients: ['Như trên', 'Lưu: VT, QLTM'], urgency: null, secrecy: null,
    },
  },
];

/** Held out: written only after the OCR's fixes were done, scored and reported apart (the test
 *  asserts only that they are read without error), so the main figures are not tuned to them. */
export const HELD_OUT: ScanSpec[] = [];
