<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head id="Head">
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>Lãnh đạo | Sở Xây dựng tỉnh Hòa An</title>
<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">
<meta name="DC.title" content="Lãnh đạo">
<meta name="DC.date" content="2026-11-19">
<meta name="DC.creator" content="Sở Xây dựng tỉnh Hòa An">
<meta name="DC.description" content="Lãnh đạo">
<meta name="DC.publisher" content="Sở Xây dựng tỉnh Hòa An">
<meta name="DC.identifier" content="sxd.hoaan.gov.vn/GioiThieu/LanhDaoSo.aspx">
<meta name="DC.language" content="vi">
<link href="/Portals/_default/Skins/SXD/skin.css" type="text/css" rel="stylesheet" />

</head>
<body id="Body">
<div class="search-wrap"><form action="/TimKiem.aspx" method="get" role="search"><label for="txtq">Tìm kiếm</label><input id="txtq" name="q" type="text"><input type="submit" value="Tìm"></form></div>
<form method="post" action="/GioiThieu/LanhDaoSo.aspx" id="Form">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAg==" />
<div id="dnn_wrapper">
 <div id="dnn_HeaderPane" class="header">
  <div class="top-links"><ul class="tro-nang" aria-label="Trợ năng"><li><a href="#" onclick="return zoomText(1)" title="Phóng to chữ">A<sup>+</sup></a></li><li><a href="#" onclick="return zoomText(0)" title="Cỡ chữ mặc định">A</a></li><li><a href="#" onclick="return zoomText(-1)" title="Thu nhỏ chữ">A<sup>-</sup></a></li><li><a href="#" onclick="document.documentElement.classList.toggle('hc');return false" title="Độ tương phản">&#9681;</a></li></ul><script>var __z=16;function zoomText(d){__z=d===0?16:Math.max(12,Math.min(28,__z+2*d));document.body.style.fontSize=__z+"px";return false;}</script><style>html.hc body{background:#000;color:#ff0}html.hc a{color:#0ff}</style></div>
  <a id="dnn_dnnLOGO_hypLogo" title="Sở Xây dựng tỉnh Hòa An" href="/"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/0/logo-sxd.png" alt="Logo Sở Xây dựng tỉnh Hòa An" /></a>
  <span class="site-name">SỞ XÂY DỰNG TỈNH HÒA AN</span>
 </div>
 <div id="dnn_dnnNAV" class="menu-wrap"><ul class="mega-menu"><li class="mega-item"><a href="/">Trang chủ</a></li><li class="mega-item"><a href="/GioiThieu/ChucNangNhiemVu.aspx">Giới thiệu</a><div class="mega-sub"><ul><li><a href="/GioiThieu/ChucNangNhiemVu.aspx">Chức năng nhiệm vụ</a></li><li><a href="/GioiThieu/CoCauToChuc.aspx">Cơ cấu tổ chức</a></li><li><a href="/GioiThieu/LichSuHinhThanh.aspx">Lịch sử hình thành</a></li><li><a href="/GioiThieu/LanhDaoSo.aspx">Lãnh đạo Sở</a></li></ul></div></li><li class="mega-item"><a href="/TinTuc.aspx">Tin tức</a></li><li class="mega-item"><a href="/ChiDaoDieuHanh.aspx">Chỉ đạo điều hành</a><div class="mega-sub"><ul><li><a href="/LichCongTac.aspx">Lịch công tác</a></li><li><a href="/TraLoiKienNghi.aspx">Trả lời kiến nghị</a></li><li><a href="/ThanhTra/KhenThuongXuPhat.aspx">Khen thưởng - Xử phạt</a></li></ul></div></li><li class="mega-item"><a href="/VanBan.aspx">Văn bản</a><div class="mega-sub"><ul><li><a href="/PhoBienPhapLuat.aspx">Phổ biến pháp luật</a></li><li><a href="/GopYDuThao.aspx">Góp ý dự thảo</a></li></ul></div></li><li class="mega-item"><a href="/QuyHoachKeHoach.aspx">Quy hoạch - Kế hoạch</a></li><li class="mega-item"><a href="/DuAnDauThau.aspx">Dự án</a></li><li class="mega-item"><a href="/KhoaHocCongNghe.aspx">KHCN</a></li><li class="mega-item"><a href="/ThongKe.aspx">Thống kê</a></li><li class="mega-item"><a href="/ThuTucHanhChinh.aspx">Thủ tục hành chính</a></li><li class="mega-item"><a href="/HoiDap.aspx">Hỏi đáp</a></li><li class="mega-item"><a href="/LienHe.aspx">Liên hệ</a><div class="mega-sub"><ul><li><a href="/DanhBa.aspx">Danh bạ</a></li></ul></div></li><li class="mega-item"><a href="/SoDoSite.aspx">Sơ đồ site</a></li></ul></div>
 <div id="dnn_ContentPane" class="content">
  <div class="DnnModule"><h2 class="Title">Lãnh đạo</h2>
  <div class="Normal"><div class="leader-item"><a href="/GioiThieu/LanhDao.aspx?id=1">Giám đốc Sở Võ Thành Trung</a></div><div class="leader-item"><a href="/GioiThieu/LanhDao.aspx?id=2">Phó Giám đốc Đặng Thị Mai</a></div><div class="leader-item"><a href="/GioiThieu/LanhDao.aspx?id=3">Phó Giám đốc Huỳnh Văn Tâm</a></div></div></div>
 </div>
 <div id="dnn_FooterPane" class="footer"><p><strong>SỞ XÂY DỰNG TỈNH HÒA AN</strong></p><p>Địa chỉ: Số 18 Đường Lê Lợi, phường Hòa Bình, TP. Hòa An</p><p>Điện thoại: 0257.3822.456 - Fax: 0257.3822.457</p><p>Email: <a href="mailto:sxd@hoaan.gov.vn">sxd@hoaan.gov.vn</a></p><p>Chịu trách nhiệm chính: Giám đốc Sở Xây dựng Võ Thành Trung</p><div class="lien-ket"><h3>Liên kết website</h3><ul class="list"><li><a href="http://hoaan.gov.vn/">Cổng TTĐT tỉnh Hòa An</a></li><li><a href="http://dichvucong.hoaan.gov.vn/">Cổng Dịch vụ công tỉnh</a></li><li><a href="http://stnmt.hoaan.gov.vn/">Sở Tài nguyên và Môi trường</a></li></ul></div></div>
</div>
</form>
</body>
</html>
