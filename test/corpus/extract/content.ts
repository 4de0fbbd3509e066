// Pools of realistic content for the extraction corpus: organs, signers, subjects, recipients.
// Everything here is written by hand; labels are taken from these values, never from the extractor.

export interface Organ {
  parent?: string;
  /** Organ name as printed, one entry per printed line. */
  lines: string[];
  /** Code used in notations ("STC", "UBND"). */
  code: string;
  place: string;
  /** The "competence" line of a decision ("GIÁM ĐỐC SỞ TÀI CHÍNH"). */
  competence: string;
  /** Authority line of the signature for a collective body ("TM. ỦY BAN NHÂN DÂN"). */
  collective?: string;
  head: string;
  deputy: string;
}

export const ORGANS: Organ[] = [
  { lines: ['ỦY BAN NHÂN DÂN', 'TỈNH LONG AN'], code: 'UBND', place: 'Long An', competence: 'ỦY BAN NHÂN DÂN TỈNH LONG AN', collective: 'TM. ỦY BAN NHÂN DÂN', head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH' },
  { parent: 'UBND TỈNH LONG AN', lines: ['SỞ TÀI CHÍNH'], code: 'STC', place: 'Long An', competence: 'GIÁM ĐỐC SỞ TÀI CHÍNH', head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC' },
  { parent: 'UBND TỈNH LONG AN', lines: ['SỞ THÔNG TIN VÀ TRUYỀN THÔNG'], code: 'STTTT', place: 'Long An', competence: 'GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG', head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC' },
  { parent: 'UBND TỈNH LONG AN', lines: ['SỞ GIÁO DỤC VÀ ĐÀO TẠO'], code: 'SGDĐT', place: 'Long An', competence: 'GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO', head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC' },
  { lines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ TÂN AN'], code: 'UBND', place: 'Tân An', competence: 'ỦY BAN NHÂN DÂN THÀNH PHỐ TÂN AN', collective: 'TM. ỦY BAN NHÂN DÂN', head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH' },
  { parent: 'UBND HUYỆN ĐỨC HÒA', lines: ['PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG'], code: 'TNMT', place: 'Đức Hòa', competence: 'TRƯỞNG PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG', head: 'TRƯỞNG PHÒNG', deputy: 'PHÓ TRƯỞNG PHÒNG' },
  { parent: 'BỘ NỘI VỤ', lines: ['VĂN PHÒNG'], code: 'VP', place: 'Hà Nội', competence: 'CHÁNH VĂN PHÒNG BỘ NỘI VỤ', head: 'CHÁNH VĂN PHÒNG', deputy: 'PHÓ CHÁNH VĂN PHÒNG' },
  { lines: ['HỘI ĐỒNG NHÂN DÂN', 'TỈNH LONG AN'], code: 'HĐND', place: 'Long An', competence: 'HỘI ĐỒNG NHÂN DÂN TỈNH LONG AN', collective: 'TM. HỘI ĐỒNG NHÂN DÂN', head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH' },
  { parent: 'UBND TỈNH LONG AN', lines: ['SỞ Y TẾ'], code: 'SYT', place: 'Long An', competence: 'GIÁM ĐỐC SỞ Y TẾ', head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC' },
  { parent: 'UBND TỈNH BÌNH DƯƠNG', lines: ['SỞ NỘI VỤ'], code: 'SNV', place: 'Thủ Dầu Một', competence: 'GIÁM ĐỐC SỞ NỘI VỤ', head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC' },
  { lines: ['ỦY BAN NHÂN DÂN', 'HUYỆN CẦN GIUỘC'], code: 'UBND', place: 'Cần Giuộc', competence: 'ỦY BAN NHÂN DÂN HUYỆN CẦN GIUỘC', collective: 'TM. ỦY BAN NHÂN DÂN', head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH' },
  { parent: 'UBND TỈNH LONG AN', lines: ['BAN QUẢN LÝ KHU KINH TẾ'], code: 'BQLKKT', place: 'Long An', competence: 'TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ', head: 'TRƯỞNG BAN', deputy: 'PHÓ TRƯỞNG BAN' },
];

export const NAMES = [
  'Nguyễn Văn Út', 'Trần Thị Hồng Nhung', 'Lê Minh Tâm', 'Phạm Quốc Bảo', 'Huỳnh Văn Quang Hùng', 'Võ Thị Thanh Hà',
  'Đặng Hoàng Sơn', 'Bùi Thị Kim Loan', 'Đỗ Văn Thành', 'Hồ Ngọc Lan', 'Ngô Đức Trí', 'Dương Thị Mỹ Dung',
  'Lý Văn Hậu', 'Phan Thanh Tùng', 'Vũ Hải Nam', 'Trương Công Định',
];

export interface TypeSpec {
  name: string;
  title: string | null;
  abbr: string | null;
  /** Subjects as they appear under the title (or after "V/v" for a công văn). */
  subjects: string[][];
  body: string[];
}

const CAN_CU = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;',
];

export const TYPES: TypeSpec[] = [
  {
    name: 'Quyết định', title: 'QUYẾT ĐỊNH', abbr: 'QĐ',
    subjects: [
      ['Về việc phê duyệt danh mục hồ sơ lưu trữ', 'năm 2024 của cơ quan'],
      ['Về việc thành lập Tổ công tác chuyển đổi số'],
      ['BAN HÀNH QUY CHẾ QUẢN LÝ VĂN BẢN ĐIỆN TỬ', 'TRÊN HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ'],
      ['Về việc giao dự toán ngân sách nhà nước năm 2025'],
    ],
    body: [...CAN_CU, 'Theo đề nghị của Chánh Văn phòng,', 'QUYẾT ĐỊNH:', 'Điều 1. Phê duyệt kèm theo Quyết định này nội dung nêu trên.', 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', 'Điều 3. Chánh Văn phòng và các đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.'],
  },
  {
    name: 'Công văn', title: null, abbr: null,
    subjects: [
      ['V/v tăng cường công tác phòng, chống', 'dịch bệnh trên địa bàn'],
      ['V/v báo cáo tình hình sử dụng văn bản điện tử', '6 tháng đầu năm 2024'],
      ['V/v góp ý dự thảo Kế hoạch cải cách hành chính'],
      ['V/v khẩn trương rà soát hồ sơ công việc'],
    ],
    body: ['Thực hiện chỉ đạo của cấp trên về việc khẩn trương triển khai nhiệm vụ, cơ quan đề nghị các đơn vị thực hiện một số nội dung sau:', '1. Rà soát, tổng hợp số liệu và gửi về trước ngày 15 tháng 7 năm 2024.', '2. Không gửi qua mạng các văn bản có nội dung bí mật nhà nước.', 'Đề nghị các đơn vị quan tâm thực hiện./.'],
  },
  {
    name: 'Thông báo', title: 'THÔNG BÁO', abbr: 'TB',
    subjects: [['Kết luận của Giám đốc Sở tại cuộc họp giao ban', 'tháng 6 năm 2024'], ['VỀ LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ NĂM 2025']],
    body: ['Ngày 20 tháng 6 năm 2024, Giám đốc Sở chủ trì cuộc họp giao ban. Sau khi nghe báo cáo, Giám đốc Sở kết luận như sau:', '1. Các phòng chuyên môn khẩn trương hoàn thành nhiệm vụ được giao.', '2. Văn phòng theo dõi, đôn đốc việc thực hiện./.'],
  },
  {
    name: 'Kế hoạch', title: 'KẾ HOẠCH', abbr: 'KH',
    subjects: [['Triển khai ứng dụng chữ ký số trong cơ quan nhà nước', 'năm 2025'], ['Kiểm tra công tác văn thư, lưu trữ năm 2024']],
    body: ['I. MỤC ĐÍCH, YÊU CẦU', '1. Mục đích: nâng cao hiệu quả quản lý, điều hành trên môi trường mạng.', '2. Yêu cầu: bảo đảm an toàn thông tin, không để lộ bí mật nhà nước.', 'II. NỘI DUNG THỰC HIỆN', 'Các đơn vị xây dựng lộ trình cụ thể và báo cáo kết quả định kỳ./.'],
  },
  {
    name: 'Báo cáo', title: 'BÁO CÁO', abbr: 'BC',
    subjects: [['Tình hình thực hiện nhiệm vụ 6 tháng đầu năm', 'và phương hướng 6 tháng cuối năm 2024'], ['KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2024']],
    body: ['I. KẾT QUẢ THỰC HIỆN', 'Trong kỳ báo cáo, cơ quan đã tiếp nhận 1.250 văn bản đến, phát hành 860 văn bản đi, trong đó 95% được gửi qua môi trường mạng.', 'II. PHƯƠNG HƯỚNG NHIỆM VỤ', 'Tiếp tục đẩy mạnh ứng dụng công nghệ thông tin./.'],
  },
  {
    name: 'Tờ trình', title: 'TỜ TRÌNH', abbr: 'TTr',
    subjects: [['Về việc ban hành Quy định trao đổi, lưu trữ, xử lý', 'văn bản điện tử'], ['Đề nghị phê duyệt dự toán kinh phí năm 2025']],
    body: ['Kính gửi: Ủy ban nhân dân tỉnh.', 'Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;', 'Cơ quan kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt./.'],
  },
  {
    name: 'Chỉ thị', title: 'CHỈ THỊ', abbr: 'CT',
    subjects: [['Về tăng cường kỷ luật, kỷ cương hành chính'], ['VỀ ĐẨY MẠNH SỬ DỤNG VĂN BẢN ĐIỆN TỬ TRONG HOẠT ĐỘNG', 'CỦA CƠ QUAN NHÀ NƯỚC']],
    body: ['Thời gian qua, việc ứng dụng công nghệ thông tin đã đạt nhiều kết quả. Để khắc phục tồn tại, Chủ tịch yêu cầu:', '1. Thủ trưởng các cơ quan khẩn trương quán triệt nội dung Chỉ thị này.', '2. Chỉ thị này có hiệu lực kể từ ngày ký./.'],
  },
  {
    name: 'Nghị quyết', title: 'NGHỊ QUYẾT', abbr: 'NQ',
    subjects: [['Về dự toán ngân sách địa phương năm 2025'], ['Quy định mức chi hỗ trợ cho công tác văn thư, lưu trữ']],
    body: [...CAN_CU, 'Xét Tờ trình số 120/TTr-UBND ngày 10 tháng 11 năm 2024 của Ủy ban nhân dân;', 'QUYẾT NGHỊ:', 'Điều 1. Thông qua nội dung nêu trên.', 'Điều 2. Nghị quyết này có hiệu lực từ ngày 01 tháng 01 năm 2025./.'],
  },
  {
    name: 'Hướng dẫn', title: 'HƯỚNG DẪN', abbr: 'HD',
    subjects: [['Lập hồ sơ và nộp lưu hồ sơ, tài liệu điện tử', 'vào Lưu trữ cơ quan'], ['Thực hiện số hóa văn bản đến']],
    body: ['Thực hiện Luật Lưu trữ, cơ quan hướng dẫn như sau:', '1. Phạm vi áp dụng: các phòng, đơn vị trực thuộc.', '2. Nội dung hướng dẫn: hồ sơ điện tử được lập theo Danh mục hồ sơ./.'],
  },
  {
    name: 'Giấy mời', title: 'GIẤY MỜI', abbr: 'GM',
    subjects: [['Dự Hội nghị tổng kết công tác năm 2024'], ['Họp triển khai phần mềm quản lý văn bản và điều hành']],
    body: ['Trân trọng kính mời đại diện lãnh đạo đơn vị tham dự cuộc họp.', 'Thời gian: 08 giờ 00, ngày 25 tháng 12 năm 2024.', 'Địa điểm: Hội trường A, số 61 Nguyễn Huệ, Phường 1, thành phố Tân An.', 'Rất mong đại biểu tham dự đúng giờ./.'],
  },
  {
    name: 'Chương trình', title: 'CHƯƠNG TRÌNH', abbr: 'CTr',
    subjects: [['Công tác trọng tâm năm 2025']],
    body: ['Căn cứ nhiệm vụ được giao, cơ quan xây dựng Chương trình công tác như sau:', 'I. NHIỆM VỤ TRỌNG TÂM', 'Hoàn thành chuyển đổi số trong quản lý văn bản./.'],
  },
  {
    name: 'Phương án', title: 'PHƯƠNG ÁN', abbr: 'PA',
    subjects: [['Bảo đảm an toàn hệ thống thư điện tử công vụ', 'trong dịp Tết Nguyên đán']],
    body: ['I. TÌNH HÌNH', 'Hệ thống thư điện tử công vụ phục vụ hơn 3.000 tài khoản.', 'II. PHƯƠNG ÁN XỬ LÝ', 'Trực kỹ thuật 24/7 trong thời gian nghỉ Tết./.'],
  },
];

export const RECIPIENT_POOL = [
  'Như trên', 'Như Điều 3', 'UBND tỉnh (b/c)', 'Sở Nội vụ', 'Sở Tài chính', 'Văn phòng UBND tỉnh', 'Các sở, ban, ngành tỉnh',
  'UBND các huyện, thị xã, thành phố', 'Chủ tịch, các PCT UBND tỉnh', 'Trung tâm Công báo - Tin học', 'Phòng Hành chính - Tổng hợp',
  'Cổng thông tin điện tử tỉnh', 'Kho bạc Nhà nước tỉnh', 'Bộ Thông tin và Truyền thông (b/c)', 'Thường trực Tỉnh ủy',
];

export const KINH_GUI = ['Các sở, ban, ngành tỉnh', 'UBND các huyện, thị xã, thành phố'];
