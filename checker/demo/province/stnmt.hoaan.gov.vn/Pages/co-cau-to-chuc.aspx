<!DOCTYPE html>
<html dir="ltr" lang="vi">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10">
<meta http-equiv="Content-type" content="text/html; charset=utf-8">
<title>Cơ cấu tổ chức</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css">
<script type="text/javascript" src="/SiteAssets/js/topnav.js"></script>

</head>
<body>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden">
 <div class="banner"><a href="/Pages/default.aspx"><img src="/SiteAssets/images/banner-stnmt.jpg" alt="Sở Tài nguyên và Môi trường tỉnh Hòa An"></a></div>
 <div class="tools"><div class="font-tools"><a href="javascript:void(0);" class="font-up" title="Tăng cỡ chữ">A+</a> <a href="javascript:void(0);" class="font-down" title="Giảm cỡ chữ">A-</a></div> <form action="/_layouts/15/osssearchresults.aspx" method="get" role="search"><label for="k">Tìm kiếm trên trang</label><input id="k" name="k" type="search"><button type="submit">Tìm</button></form></div>
 <div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation" role="navigation">
  <div id="zz1_TopNavigationMenu" class="ms-core-listMenu-horizontalBox noindex"></div>
 </div>
</div>
<div id="contentRow">
 <div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList">
  <div class="ms-core-navigation" role="navigation"><ul class="root ms-core-listMenu-root static">
   <li class="static"><a class="static menu-item" href="/tin-tuc/Pages/default.aspx"><span class="menu-item-text">Tin tức - Sự kiện</span></a></li>
   <li class="static"><a class="static menu-item" href="/Pages/lien-he.aspx"><span class="menu-item-text">Liên hệ</span></a></li>
  </ul></div>
 </div>
 <div id="contentBox" aria-live="polite" aria-relevant="all">
  <div id="DeltaPlaceHolderMain"><h1 class="ms-core-pageTitle">Cơ cấu tổ chức</h1>
  <div class="ms-rtestate-field"><p><img src="/SiteAssets/files/so-do-to-chuc.svg" alt="Sơ đồ cơ cấu tổ chức Sở Tài nguyên và Môi trường" width="800"></p><p>Cơ cấu tổ chức gồm Ban Giám đốc và các phòng, đơn vị:</p><ul class="list"><li>Văn phòng Sở</li><li>Thanh tra Sở</li><li>Phòng Quản lý đất đai</li><li>Phòng Môi trường</li><li>Phòng Tài nguyên nước - Khoáng sản</li><li>Chi cục Bảo vệ môi trường</li><li>Văn phòng Đăng ký đất đai</li></ul></div></div>
 </div>
</div>
<div class="footer-stnmt"><p><strong>SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH HÒA AN</strong></p><p>Địa chỉ: Số 5 Đường Nguyễn Huệ, phường Hòa Bình, TP. Hòa An</p><p>Điện thoại: 0257.3823.200 - Fax: 0257.3823.201</p><p>Email: <a href="mailto:stnmt@hoaan.gov.vn">stnmt@hoaan.gov.vn</a></p><div class="lien-ket"><h3>Liên kết website</h3><ul class="list"><li><a href="http://hoaan.gov.vn/">Cổng TTĐT tỉnh Hòa An</a></li><li><a href="http://dichvucong.hoaan.gov.vn/">Dịch vụ công</a></li></ul></div></div>
</div></div>
<script type="text/javascript">TopNav.render("zz1_TopNavigationMenu");</script>
</body>
</html>
