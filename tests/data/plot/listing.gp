# evstudy figure: listing price path
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.png'" FILE.gp
if (!exists("outfile")) outfile = 'out/listing.png'
set terminal pngcairo size 960,600 noenhanced font 'Sans,11' linewidth 1.2 background '#ffffff'
set output outfile
set border 3 back lc rgb '#404040'
set tics nomirror out scale 0.6
set grid back lc rgb '#d4d4d4' lw 1 dt 1
set key outside bottom center horizontal reverse Left nobox samplen 3 spacing 1.1 width 1 height 1
set linetype 1 lc rgb '#000000' lw 2 dt 1 pt 7 ps 1
set linetype 2 lc rgb '#0072b2' lw 2 dt 2 pt 5 ps 1
set linetype 3 lc rgb '#e69f00' lw 2 dt 4 pt 9 ps 1.2
set linetype 4 lc rgb '#009e73' lw 2 dt 5 pt 11 ps 1.2
set linetype 5 lc rgb '#cc79a7' lw 2 dt 3 pt 13 ps 1.2
set linetype 6 lc rgb '#56b4e9' lw 2 dt (12,4,2,4,2,4) pt 4 ps 1
set linetype 7 lc rgb '#d55e00' lw 2 dt (2,4) pt 6 ps 1
set linetype 8 lc rgb '#7f7f7f' lw 2 dt (16,6) pt 8 ps 1
set linetype cycle 8
$close << EOD
2024-01-02 12

2024-01-04 13.5
2024-01-05 11
EOD
$bench << EOD
2024-01-02 10
2024-01-03 10.1

2024-01-05 9.8
EOD
$offer << EOD
2024-01-02 10
2024-01-05 10
EOD
$open1 << EOD
2024-01-02 11
EOD
$high1 << EOD
2024-01-02 12.5
EOD
$close1 << EOD
2024-01-02 12
EOD
set title 'TEST.X ''quoted'' listing: price from the first trading day' font ',13'
set ylabel 'Price (CNY)'
set yrange [0:*]
set key vertical maxrows 3
set xdata time
set timefmt '%Y-%m-%d'
set format x '%b %d'
set xrange ['2024-01-01':'2024-01-06']
set xtics 86400
set xlabel 'Trading date, 2024'
plot $offer using 1:2 with lines lc rgb '#000000' lw 1.5 dt 2 title 'offer price 10.00', \
     $close using 1:2 with lines lc rgb '#0072b2' lw 2 dt 1 title 'close', \
     $bench using 1:2 with lines lc rgb '#e69f00' lw 2 dt 4 title 'MKT rebased to the offer price', \
     $open1 using 1:2 with points pt 9 ps 1.8 lc rgb '#009e73' title 'first-day open 11.00 (+10.00% over the offer)', \
     $high1 using 1:2 with points pt 11 ps 1.8 lc rgb '#d55e00' title 'first-day high 12.50 (+25.00% over the offer)', \
     $close1 using 1:2 with points pt 7 ps 1.6 lc rgb '#000000' title 'first-day close 12.00 (+20.00% over the offer)'
unset output
