"""The default guides of the seed's services (migration 0002 installs a frozen copy;
:func:`install_defaults` puts back the ones that are missing, e.g. after a flush).

Links are official addresses only; where we are not sure of one (the province's own
portal, a bank's app), the list is left empty for the province to fill in.
"""

from __future__ import annotations

from typing import Any

from gocua.guides.services import guide_install

GUIDES: dict[str, dict[str, Any]] = {
    "vneid": {
        "audience": "Công dân Việt Nam từ 14 tuổi trở lên đã có căn cước công dân gắn chip "
        "hoặc thẻ căn cước.",
        "bring": [
            "Căn cước công dân gắn chip hoặc thẻ căn cước",
            "Điện thoại thông minh có kết nối Internet",
            "Số điện thoại đăng ký chính chủ, đang dùng được",
        ],
        "steps": [
            "Tải ứng dụng VNeID từ CH Play (Android) hoặc App Store (iPhone).",
            "Mở ứng dụng, chọn “Đăng ký”, nhập số định danh cá nhân (12 số) và số điện thoại.",
            "Làm theo màn hình: quét thẻ căn cước, chụp ảnh khuôn mặt.",
            "Nhập mã kích hoạt (OTP) gửi về tin nhắn, đặt mật khẩu và mã bảo vệ.",
            "Nếu cần mức 2: đến công an cấp xã nơi cư trú, mang theo thẻ căn cước.",
        ],
        "problems": [
            {
                "problem": "Không nhận được mã kích hoạt",
                "fix": "Kiểm tra số điện thoại là chính chủ, chờ vài phút rồi gửi lại; "
                "nếu vẫn không được, hỏi công an cấp xã.",
            },
            {
                "problem": "Điện thoại không đọc được chip của thẻ",
                "fix": "Bật NFC, tháo ốp lưng, giữ thẻ yên ở giữa mặt sau điện thoại.",
            },
            {
                "problem": "Quên mật khẩu",
                "fix": "Chọn “Quên mật khẩu” ở màn hình đăng nhập và làm theo hướng dẫn.",
            },
        ],
        "links": [{"label": "Trang chính thức VNeID", "url": "https://vneid.gov.vn"}],
    },
    "vssid": {
        "audience": "Người tham gia bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp.",
        "bring": [
            "Điện thoại thông minh có kết nối Internet",
            "Tài khoản định danh điện tử VNeID mức 2",
            "Mã số bảo hiểm xã hội (in trên thẻ bảo hiểm y tế)",
        ],
        "steps": [
            "Tải ứng dụng VssID - Bảo hiểm xã hội số từ CH Play hoặc App Store.",
            "Mở ứng dụng, chọn đăng nhập bằng tài khoản định danh điện tử (VNeID).",
            "Xác nhận đăng nhập trên ứng dụng VNeID.",
            "Xem thẻ bảo hiểm y tế, quá trình đóng và quyền lợi bảo hiểm.",
        ],
        "problems": [
            {
                "problem": "Không đăng nhập được",
                "fix": "Kiểm tra tài khoản VNeID đã ở mức 2 và ứng dụng đã cập nhật bản mới.",
            },
            {
                "problem": "Thông tin đóng bảo hiểm chưa đúng",
                "fix": "Liên hệ cơ quan bảo hiểm xã hội nơi cư trú hoặc đơn vị đang làm việc.",
            },
        ],
        "links": [
            {
                "label": "Cổng thông tin Bảo hiểm xã hội Việt Nam",
                "url": "https://baohiemxahoi.gov.vn",
            }
        ],
    },
    "ehealth": {
        "audience": "Mọi người dân có thẻ bảo hiểm y tế; trẻ em qua tài khoản của cha, mẹ.",
        "bring": ["Điện thoại đã cài VNeID, tài khoản định danh điện tử mức 2"],
        "steps": [
            "Mở ứng dụng VNeID và đăng nhập.",
            "Chọn mục “Sổ sức khỏe điện tử”.",
            "Đọc và đồng ý điều khoản, xác nhận bằng mã bảo vệ.",
            "Xem thông tin khám chữa bệnh, tiêm chủng; mang điện thoại khi đi khám.",
        ],
        "problems": [
            {
                "problem": "Sổ chưa có thông tin khám bệnh",
                "fix": "Thông tin được cơ sở khám chữa bệnh cập nhật sau mỗi lần khám.",
            },
            {
                "problem": "Không thấy mục Sổ sức khỏe điện tử",
                "fix": "Cập nhật ứng dụng VNeID; tài khoản phải ở mức 2.",
            },
        ],
        "links": [{"label": "Cổng thông tin Bộ Y tế", "url": "https://moh.gov.vn"}],
    },
    "dvc_national": {
        "audience": "Người dân, doanh nghiệp cần làm thủ tục hành chính trực tuyến.",
        "bring": [
            "Tài khoản định danh điện tử VNeID mức 2",
            "Ảnh chụp hoặc bản quét giấy tờ mà thủ tục yêu cầu",
        ],
        "steps": [
            "Mở trang dichvucong.gov.vn trên điện thoại hoặc máy tính.",
            "Chọn “Đăng nhập”, đăng nhập bằng tài khoản định danh điện tử (VNeID).",
            "Tìm thủ tục cần làm, chọn nơi giải quyết.",
            "Điền tờ khai, đính kèm giấy tờ, bấm “Nộp hồ sơ”.",
            "Ghi lại mã hồ sơ; theo dõi kết quả và nộp phí (nếu có) trực tuyến.",
        ],
        "problems": [
            {
                "problem": "Không tìm thấy thủ tục",
                "fix": "Gõ tên ngắn của thủ tục, chọn đúng tỉnh, thành phố nơi nộp.",
            },
            {
                "problem": "Hồ sơ bị yêu cầu bổ sung",
                "fix": "Xem thông báo trong mục “Quản lý hồ sơ”, bổ sung đúng giấy tờ được nêu.",
            },
        ],
        "links": [{"label": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn"}],
    },
    "dvc_province": {
        "audience": "Người dân, doanh nghiệp làm thủ tục do tỉnh, xã giải quyết.",
        "bring": [
            "Tài khoản định danh điện tử VNeID mức 2",
            "Ảnh chụp hoặc bản quét giấy tờ mà thủ tục yêu cầu",
        ],
        "steps": [
            "Mở Cổng Dịch vụ công của tỉnh (địa chỉ do tỉnh thông báo).",
            "Đăng nhập bằng tài khoản định danh điện tử (VNeID).",
            "Chọn thủ tục và cơ quan giải quyết.",
            "Điền tờ khai, đính kèm giấy tờ, nộp hồ sơ và ghi lại mã hồ sơ.",
            "Theo dõi kết quả trên cổng hoặc qua tin nhắn.",
        ],
        "problems": [
            {
                "problem": "Không biết địa chỉ cổng của tỉnh",
                "fix": "Hỏi tổ công nghệ số cộng đồng hoặc bộ phận một cửa của phường, xã.",
            }
        ],
        "links": [],
    },
    "mobile_money": {
        "audience": "Người có số điện thoại di động đăng ký chính chủ, cần chuyển, nhận "
        "và thanh toán tiền nhỏ mà không cần tài khoản ngân hàng.",
        "bring": [
            "Căn cước công dân gắn chip hoặc thẻ căn cước",
            "Điện thoại với số thuê bao đăng ký chính chủ",
        ],
        "steps": [
            "Đến cửa hàng của nhà mạng hoặc mở ứng dụng ví của nhà mạng.",
            "Đăng ký tài khoản Mobile Money bằng số điện thoại chính chủ.",
            "Xác thực thông tin cá nhân theo hướng dẫn.",
            "Nạp tiền vào tài khoản tại cửa hàng, điểm giao dịch của nhà mạng.",
            "Dùng để thanh toán hóa đơn, chuyển tiền; giữ kín mật khẩu và mã OTP.",
        ],
        "problems": [
            {
                "problem": "Số điện thoại chưa chính chủ",
                "fix": "Mang thẻ căn cước đến cửa hàng nhà mạng để cập nhật thông tin thuê bao.",
            },
            {
                "problem": "Có người gọi xin mã OTP",
                "fix": "Không đưa mã OTP cho bất kỳ ai; báo ngay cho nhà mạng.",
            },
        ],
        "links": [],
    },
    "bank_app": {
        "audience": "Người muốn mở tài khoản ngân hàng, chuyển tiền và thanh toán bằng điện thoại.",
        "bring": [
            "Căn cước công dân gắn chip hoặc thẻ căn cước",
            "Điện thoại thông minh, số điện thoại chính chủ",
        ],
        "steps": [
            "Tải ứng dụng chính thức của ngân hàng từ CH Play hoặc App Store.",
            "Chọn mở tài khoản trực tuyến, chụp thẻ căn cước và khuôn mặt theo hướng dẫn.",
            "Đặt tên đăng nhập, mật khẩu; ghi nhớ, không chia sẻ.",
            "Cài xác thực khuôn mặt (sinh trắc học) cho các giao dịch cần thiết.",
            "Chuyển tiền, thanh toán bằng mã QR; kiểm tra kỹ tên người nhận.",
        ],
        "problems": [
            {
                "problem": "Không xác thực được khuôn mặt",
                "fix": "Đứng nơi đủ sáng, bỏ kính, mũ; hoặc đến quầy giao dịch của ngân hàng.",
            },
            {
                "problem": "Tin nhắn, đường link lạ đề nghị đăng nhập",
                "fix": "Không bấm; chỉ dùng ứng dụng từ kho chính thức; gọi tổng đài ngân hàng.",
            },
        ],
        "links": [],
    },
    "survey": {
        "audience": "Người dân được mời góp ý, trả lời khảo sát của chính quyền.",
        "bring": ["Điện thoại có kết nối Internet"],
        "steps": [
            "Quét mã QR hoặc mở đường link do phường, xã gửi.",
            "Đọc kỹ từng câu hỏi.",
            "Chọn hoặc ghi câu trả lời.",
            "Bấm “Gửi” và chờ thông báo đã ghi nhận.",
        ],
        "problems": [
            {
                "problem": "Đường link không mở được",
                "fix": "Kiểm tra kết nối mạng; hỏi lại tổ công nghệ số cộng đồng đường link đúng.",
            }
        ],
        "links": [],
    },
    "citizen_app": {
        "audience": "Người dân của tỉnh, thành phố dùng ứng dụng công dân số của địa phương.",
        "bring": ["Điện thoại thông minh", "Tài khoản định danh điện tử VNeID"],
        "steps": [
            "Tải ứng dụng công dân số của tỉnh (tên ứng dụng do tỉnh thông báo).",
            "Đăng nhập bằng tài khoản định danh điện tử (VNeID).",
            "Xem tin tức, gửi phản ánh, tra cứu hồ sơ theo từng mục.",
        ],
        "problems": [
            {
                "problem": "Không biết tên ứng dụng",
                "fix": "Hỏi tổ công nghệ số cộng đồng hoặc bộ phận một cửa của phường, xã.",
            }
        ],
        "links": [],
    },
}


def install_defaults() -> int:
    """Create the default guides that are missing (services that exist, guides that do
    not); never changes a guide that exists. Returns how many were created."""
    created = 0
    for code, content in GUIDES.items():
        created += guide_install(service_code=code, content=content)
    return created
